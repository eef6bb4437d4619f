import Foundation
import Testing

@testable import RRule

/// Checks every zone against `Corpus/zones.json`, written by `Scripts/oracle/zone_oracle.py` from Python's
/// `zoneinfo` reading the same system tz database.
@Suite struct ZoneCorpusTests {
    /// The zones the corpus holds; a zone missing from it fails `corpusMatchesSystemDatabase`.
    static let zones = [
        "UTC", "America/New_York", "America/Los_Angeles", "Europe/Paris", "Europe/London", "Europe/Dublin",
        "Europe/Moscow", "Australia/Lord_Howe", "Australia/Sydney", "Pacific/Chatham", "Asia/Kolkata", "Asia/Tehran",
        "Asia/Jerusalem", "America/Sao_Paulo", "America/Santiago", "America/Nuuk", "America/St_Johns",
        "Africa/Casablanca", "Pacific/Apia", "Pacific/Kiritimati", "Antarctica/Troll", "Asia/Gaza",
    ]

    /// One zone's samples.
    struct Entry {
        var offsets: [(instant: Int64, offset: Int)]
        var resolutions: [(wall: Int64, expected: LocalTimeResolution)]
    }

    /// The decoded corpus, read once.
    static let corpus: (tzdata: String, zones: [String: Entry]) = {
        let url = Bundle.module.url(forResource: "Corpus/zones", withExtension: "json")!
        let root = try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        var zones: [String: Entry] = [:]
        for (name, value) in root["zones"] as! [String: [String: [[Any]]]] {
            let offsets = value["offsets"]!.map { pair in (instant: int64(pair[0]), offset: Int(int64(pair[1]))) }
            let resolutions = value["resolutions"]!.map { row -> (wall: Int64, expected: LocalTimeResolution) in
                let wall = int64(row[0])
                switch row[1] as! String {
                case "unique":
                    return (wall, .unique(Instant(secondsSinceEpoch: int64(row[2]))))
                case "overlap":
                    return (
                        wall,
                        .overlap(
                            earlier: Instant(secondsSinceEpoch: int64(row[2])),
                            later: Instant(secondsSinceEpoch: int64(row[3])))
                    )
                default:
                    return (wall, .gap(shifted: Instant(secondsSinceEpoch: int64(row[2])), length: Int(int64(row[3]))))
                }
            }
            zones[name] = Entry(offsets: offsets, resolutions: resolutions)
        }
        return (root["tzdata"] as! String, zones)
    }()

    private static func int64(_ value: Any) -> Int64 { (value as! NSNumber).int64Value }

    /// The version line `zic` leaves in `tzdata.zi`.
    static func systemTZDataVersion() -> String? {
        let path = ZoneLoader.system.directory + "/tzdata.zi"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let words = text.prefix(while: { $0 != "\n" }).split(separator: " ")
        return words.count >= 3 && words[1] == "version" ? String(words[2]) : nil
    }

    @Test func corpusMatchesSystemDatabase() {
        #expect(Set(Self.corpus.zones.keys) == Set(Self.zones))
        #expect(
            Self.systemTZDataVersion() == Self.corpus.tzdata,
            "the corpus was made from tzdata \(Self.corpus.tzdata); regenerate it with Scripts/oracle/zone_oracle.py")
    }

    @Test(arguments: zones)
    func offsetsMatchZoneinfo(name: String) throws {
        let zone = try Zone(identifier: name)
        let entry = try #require(Self.corpus.zones[name])
        #expect(entry.offsets.count > 300)
        var mismatches: [String] = []
        for (instant, expected) in entry.offsets {
            let at = Instant(secondsSinceEpoch: instant)
            let offset = zone.utcOffset(at: at)
            if offset != expected { mismatches.append("\(at): \(offset) != \(expected)") }
            let local = zone.localTime(at: at)
            if local != CivilDateTime(secondsSinceLocalEpoch: instant + Int64(expected)) {
                mismatches.append("local time at \(at): \(local)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches: \(mismatches.prefix(10))")
    }

    @Test(arguments: zones)
    func resolutionsMatchZoneinfo(name: String) throws {
        let zone = try Zone(identifier: name)
        let entry = try #require(Self.corpus.zones[name])
        #expect(!entry.resolutions.isEmpty)
        var mismatches: [String] = []
        for (wall, expected) in entry.resolutions {
            let local = CivilDateTime(secondsSinceLocalEpoch: wall)
            let resolution = zone.resolve(local)
            if resolution != expected { mismatches.append("\(local): \(resolution) != \(expected)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches: \(mismatches.prefix(10))")
    }
}
