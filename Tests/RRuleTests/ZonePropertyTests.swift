import Foundation
import Testing

@testable import RRule

/// Properties every zone of the system database must have, checked against simple reference models.
@Suite struct ZonePropertyTests {
    /// Every zone and link named in the database's `tzdata.zi`.
    static func allNames() throws -> [String] {
        let text = try String(contentsOfFile: ZoneLoader.system.directory + "/tzdata.zi", encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            let words = line.split(separator: " ")
            switch words.first {
            case "Z": return String(words[1])
            case "L": return String(words[2])
            default: return nil
            }
        }
    }

    /// Reference resolution: try every offset the zone ever uses.
    static func reference(_ zone: Zone, offsets: [Int32], wall: Int64) -> [Int64] {
        offsets.map { wall - Int64($0) }
            .filter { Int64(zone.utcOffset(at: Instant(secondsSinceEpoch: $0))) == wall - $0 }
            .sorted()
    }

    @Test func everyZoneLoadsAndResolvesLikeTheReference() throws {
        let names = try Self.allNames()
        #expect(names.count > 500)
        var failures: [String] = []
        var walls = 0
        for name in names {
            let zone = try Zone(identifier: name)
            let offsets = Array(Set(zone.rules.offsets + zone.rules.cycleOffsets))
            let low = utc(1800, 1, 1)
            let high = utc(2100, 1, 1)
            var edges = zone.rules.transitions.filter { $0 > low && $0 < high }
            edges += (0..<20).map { low + (high - low) / 20 * Int64($0) }
            for transition in edges {
                let before = Int64(zone.utcOffset(at: Instant(secondsSinceEpoch: transition - 1)))
                let after = Int64(zone.utcOffset(at: Instant(secondsSinceEpoch: transition)))
                let first = transition + min(before, after)
                let last = transition + max(before, after)
                for wall in [first - 1, first, (first + last) / 2, last - 1, last] {
                    walls += 1
                    let expected = Self.reference(zone, offsets: offsets, wall: wall)
                    let resolution = zone.resolve(CivilDateTime(secondsSinceLocalEpoch: wall))
                    let agrees: Bool
                    switch resolution {
                    case .unique(let instant): agrees = expected == [instant.secondsSinceEpoch]
                    case .overlap(let earlier, let later):
                        agrees =
                            expected.count >= 2 && expected.first == earlier.secondsSinceEpoch
                            && expected.last == later.secondsSinceEpoch
                    case .gap(let shifted, let length):
                        // Read with the offset before the jump; the clock then shows the wall time + length.
                        let shown = zone.localTime(at: shifted).secondsSinceLocalEpoch
                        agrees = expected.isEmpty && length > 0 && shown == wall + Int64(length)
                    }
                    if !agrees {
                        failures.append("\(name) \(CivilDateTime(secondsSinceLocalEpoch: wall)): \(resolution)")
                    }
                }
            }
        }
        #expect(walls > 100_000, "\(walls) wall times")
        #expect(failures.isEmpty, "\(failures.count) failures: \(failures.prefix(10))")
    }

    /// Every instant is among the instants its own wall time names.
    @Test(arguments: ["America/New_York", "Australia/Lord_Howe", "Pacific/Apia", "Europe/Dublin", "Asia/Gaza"])
    func localTimeRoundTrips(name: String) throws {
        let zone = try Zone(identifier: name)
        for instant in stride(from: utc(1890, 1, 1), to: utc(2500, 1, 1), by: 3_600 * 97 + 61) {
            let at = Instant(secondsSinceEpoch: instant)
            switch zone.resolve(zone.localTime(at: at)) {
            case .unique(let found): #expect(found == at)
            case .overlap(let earlier, let later): #expect(earlier == at || later == at)
            case .gap: Issue.record("\(at) in \(name) resolved to a gap")
            }
        }
    }

    /// The 400-year cycle: the same offsets at the same point of the Gregorian cycle, far into the future.
    @Test func footerRepeatsEvery400Years() throws {
        let zone = try Zone(identifier: "Europe/Paris")
        for instant in stride(from: utc(2100, 1, 1), to: utc(2101, 1, 1), by: 3_600 * 5 + 17) {
            let offset = zone.utcOffset(at: Instant(secondsSinceEpoch: instant))
            for cycles in [1, 2, 100] as [Int64] {
                let later = Instant(secondsSinceEpoch: instant + cycles * ZoneRules.cycleLength)
                #expect(zone.utcOffset(at: later) == offset)
            }
        }
        // Extremes do not trap.
        _ = zone.utcOffset(at: Instant(secondsSinceEpoch: .max))
        _ = zone.utcOffset(at: Instant(secondsSinceEpoch: .min))
    }

    @Test func concurrentLoadsShareOneTable() async throws {
        let tables = try await withThrowingTaskGroup(of: ObjectIdentifier.self) { group in
            for _ in 0..<32 {
                group.addTask { ObjectIdentifier(try Zone(identifier: "Asia/Kathmandu").rules) }
            }
            return try await group.reduce(into: Set<ObjectIdentifier>()) { $0.insert($1) }
        }
        #expect(tables.count == 1)
    }
}
