import Foundation
import Testing

@testable import RRule

/// Loading zones: names, missing and broken files, and TZif layouts the system database may not contain.
@Suite struct ZoneLoaderTests {
    /// A fresh directory for one test's zone files, removed afterwards.
    @discardableResult
    static func withDirectory<T>(_ files: [String: [UInt8]], _ body: (ZoneLoader) throws -> T) throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zones-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, bytes) in files {
            let url = directory.appendingPathComponent(name)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return try body(ZoneLoader(directory: directory.path))
    }

    @Test(arguments: [
        "../etc/passwd", "/etc/localtime", "Europe/../../etc/passwd", "..", ".", "./UTC", "Europe//Paris",
        "Europe/Paris/", "", "Europe/Pa ris", "Europe\\Paris", "Europe/Paris\u{0}", "Éurope/Paris",
        String(repeating: "A", count: 256),
    ])
    func rejectsNamesOutsideTheDatabase(_ name: String) {
        #expect {
            try Zone(identifier: name)
        } throws: { error in
            guard case .invalidIdentifier(let rejected, _) = error as? ZoneError else { return false }
            return rejected == name
        }
    }

    @Test(arguments: ["Mars/Olympus_Mons", "America", "Europe/Pariss", "zone1970.tab/x"])
    func missingZonesAreUnknown(_ name: String) {
        #expect(throws: ZoneError.unknown(name)) { try Zone(identifier: name) }
    }

    @Test func errorsSayWhatWouldBeAccepted() {
        #expect(ZoneError.unknown("Mars/Base").description.contains("'Europe/Paris'"))
        #expect(ZoneError.invalidIdentifier("../x", reason: "r").description.contains("'../x'"))
        #expect(ZoneError.invalidData("X", reason: "not a TZif file").description.contains("not a TZif file"))
    }

    @Test(arguments: ["UTC", "Etc/UTC", "Z", "GMT", "Etc/GMT", "Zulu"])
    func utcNames(_ name: String) throws {
        let zone = try Zone(identifier: name)
        #expect(zone.identifier == name)
        #expect(zone.utcOffset(at: Instant(secondsSinceEpoch: 1_800_000_000)) == 0)
        // Even without a tz database.
        let offline = try Self.withDirectory([:]) { loader in try Zone(identifier: name, loader: loader) }
        #expect(offline.utcOffset(at: Instant(secondsSinceEpoch: -1_800_000_000)) == 0)
    }

    @Test func zonesAreCachedAndComparedByName() throws {
        let first = try Zone(identifier: "Europe/Paris")
        let second = try Zone(identifier: "Europe/Paris")
        #expect(first.rules === second.rules)
        #expect(first == second && first.hashValue == second.hashValue)
        #expect(first != (try Zone(identifier: "Europe/Berlin")))
        #expect(Zone.utc == (try Zone(identifier: "UTC")))
        #expect(first.description == "Europe/Paris")
    }

    @Test(
        arguments: [
            ("garbage", Array("this is not a time zone\n".utf8)),
            ("empty", []),
            ("bad version", Array("TZif9".utf8) + [UInt8](repeating: 0, count: 60)),
        ] as [(String, [UInt8])])
    func garbageIsInvalidData(_ label: String, _ bytes: [UInt8]) throws {
        try Self.withDirectory(["Test/Broken": bytes]) { loader in
            #expect {
                try Zone(identifier: "Test/Broken", loader: loader)
            } throws: { error in
                guard case .invalidData("Test/Broken", let reason) = error as? ZoneError else { return false }
                return !reason.isEmpty
            }
        }
    }

    /// Every prefix of a real file is rejected cleanly (it is truncated somewhere), never trusted or crashed on.
    @Test func truncatedFilesAreInvalidData() throws {
        let real = try [UInt8](Data(contentsOf: URL(fileURLWithPath: ZoneLoader.system.directory + "/Europe/Paris")))
        #expect(real.count > 100)
        for length in Array(stride(from: 0, to: real.count - 1, by: 7)) + [real.count - 1] {
            #expect(throws: TZifParser.Failure.self) { try TZifParser.parse(Array(real[..<length])) }
        }
        #expect(throws: Never.self) { try TZifParser.parse(real) }
        try Self.withDirectory(["Europe/Half": Array(real[..<(real.count / 2)])]) { loader in
            #expect {
                try Zone(identifier: "Europe/Half", loader: loader)
            } throws: { error in
                guard case .invalidData(_, let reason) = error as? ZoneError else { return false }
                return reason.contains("truncated")
            }
        }
    }

    @Test func corruptFieldsAreReported() throws {
        var writer = TZifWriter(types: [(3600, false, "CET"), (7200, true, "CEST")])
        writer.transitions = [(1_000_000, 1), (2_000_000, 0)]
        writer.footer = "CET-1CEST,M3.5.0,M10.5.0/3"
        #expect(throws: Never.self) { try TZifParser.parse(writer.bytes) }
        var unordered = writer
        unordered.transitions = [(2_000_000, 1), (1_000_000, 0)]
        var badType = writer
        badType.transitions = [(1_000_000, 2)]
        var badOffset = writer
        badOffset.types[0].offset = 100_000
        var badFooter = writer
        badFooter.footer = "CET-1CEST,M3.5.0"
        for broken in [unordered, badType, badOffset, badFooter] {
            #expect(throws: TZifParser.Failure.self) { try ZoneRules.make(from: TZifParser.parse(broken.bytes)) }
        }
    }

    /// A version 1 file has no footer: the last type stays in force after the last transition.
    @Test func versionOneFiles() throws {
        var writer = TZifWriter(types: [(-18000, false, "EST"), (-14400, true, "EDT")], version: 1)
        writer.transitions = [(utc(2030, 3, 10, 7), 1), (utc(2030, 11, 3, 6), 0)]
        try Self.withDirectory(["Test/V1": writer.bytes]) { loader in
            let zone = try Zone(identifier: "Test/V1", loader: loader)
            #expect(zone.utcOffset(at: Instant(secondsSinceEpoch: utc(2030, 7, 1))) == -14400)
            #expect(zone.utcOffset(at: Instant(secondsSinceEpoch: utc(2031, 7, 1))) == -18000)
            #expect(zone.utcOffset(at: Instant(secondsSinceEpoch: utc(1900, 7, 1))) == -18000)
        }
    }

    /// Before the first transition the first non-daylight type holds, even when it is not type 0.
    @Test func beforeTheFirstTransition() throws {
        var writer = TZifWriter(types: [(-14400, true, "EDT"), (-18000, false, "EST")], version: 3)
        writer.transitions = [(utc(1990, 4, 1, 7), 0), (utc(1990, 10, 28, 6), 1)]
        writer.footer = "EST5EDT,M4.1.0,M10.5.0"
        let rules = try ZoneRules.make(from: TZifParser.parse(writer.bytes))
        #expect(rules.offset(at: utc(1980, 7, 1)) == -18000)
        #expect(rules.offset(at: utc(1990, 7, 1)) == -14400)
        // After the last transition the footer takes over, for any year.
        #expect(rules.offset(at: utc(1995, 7, 1)) == -14400)
        #expect(rules.offset(at: utc(1995, 12, 1)) == -18000)
        #expect(rules.offset(at: utc(2990, 7, 1)) == -14400)
        #expect(rules.offset(at: utc(102_990, 7, 1)) == -14400)
    }

    /// "Slim" files may list no transitions at all and rely on the footer for every instant.
    @Test func footerOnlyFiles() throws {
        var writer = TZifWriter(types: [(-18000, false, "EST")], version: 4)
        writer.footer = "EST5EDT,M3.2.0,M11.1.0"
        try Self.withDirectory(["Test/Slim": writer.bytes]) { loader in
            let zone = try Zone(identifier: "Test/Slim", loader: loader)
            for year in [1850, 1970, 2026, 2500, 9000] {
                #expect(zone.utcOffset(at: Instant(secondsSinceEpoch: utc(year, 7, 1))) == -14400)
                #expect(zone.utcOffset(at: Instant(secondsSinceEpoch: utc(year, 1, 1))) == -18000)
            }
            let gap = zone.resolve(CivilDateTime(year: 1850, month: 3, day: 10, hour: 2, minute: 30))
            #expect(gap == .gap(shifted: Instant(secondsSinceEpoch: utc(1850, 3, 10, 7, 30)), length: 3600))
        }
    }

    /// The 32-bit block of a real file, relabelled version 1, gives the same offsets as the full file in the
    /// years it covers.
    @Test func versionOneBlockOfARealFileAgrees() throws {
        var real = try [UInt8](
            Data(contentsOf: URL(fileURLWithPath: ZoneLoader.system.directory + "/America/New_York")))
        real[4] = 0
        let v1 = try ZoneRules.make(from: TZifParser.parse(real))
        let full = try Zone(identifier: "America/New_York")
        for instant in stride(from: utc(1902, 1, 1), to: utc(2037, 1, 1), by: 86_400 * 5 + 3_607) {
            #expect(v1.offset(at: instant) == full.utcOffset(at: Instant(secondsSinceEpoch: instant)))
        }
    }
}
