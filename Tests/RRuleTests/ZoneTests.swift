import Testing

@testable import RRule

/// Named situations, one per kind of transition, with expectations written out by hand.
@Suite struct ZoneTests {
    /// A zone, a wall time, and what it means there.
    struct Case: Sendable, CustomTestStringConvertible {
        var zone: String
        var wall: CivilDateTime
        var expected: LocalTimeResolution
        var why: String
        var testDescription: String { "\(zone) \(wall): \(why)" }
    }

    static func at(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int = 0) -> Instant {
        Instant(secondsSinceEpoch: utc(year, month, day, hour, minute))
    }

    static func wall(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int = 0) -> CivilDateTime {
        CivilDateTime(year: year, month: month, day: day, hour: hour, minute: minute)
    }

    static let cases: [Case] = [
        Case(
            zone: "Australia/Lord_Howe", wall: wall(2026, 10, 4, 2, 15),
            expected: .gap(shifted: at(2026, 10, 3, 15, 45), length: 1800), why: "half-hour spring forward"),
        Case(
            zone: "Australia/Lord_Howe", wall: wall(2026, 4, 5, 1, 45),
            expected: .overlap(earlier: at(2026, 4, 4, 14, 45), later: at(2026, 4, 4, 15, 15)),
            why: "half-hour fall back"),
        Case(
            zone: "Pacific/Chatham", wall: wall(2026, 9, 27, 3),
            expected: .gap(shifted: at(2026, 9, 26, 14, 15), length: 3600), why: "gap from 2:45 to 3:45"),
        Case(
            zone: "Pacific/Apia", wall: wall(2011, 12, 30, 12),
            expected: .gap(shifted: at(2011, 12, 30, 22), length: 86_400), why: "the day Samoa skipped"),
        Case(
            zone: "Europe/Moscow", wall: wall(2011, 3, 27, 2, 30),
            expected: .gap(shifted: at(2011, 3, 26, 23, 30), length: 3600), why: "move to permanent +04"),
        Case(
            zone: "Europe/Moscow", wall: wall(2014, 10, 26, 1, 30),
            expected: .overlap(earlier: at(2014, 10, 25, 21, 30), later: at(2014, 10, 25, 22, 30)),
            why: "standard offset back to +03, no DST involved"),
        Case(
            zone: "Europe/Dublin", wall: wall(2026, 10, 25, 1, 30),
            expected: .overlap(earlier: at(2026, 10, 25, 0, 30), later: at(2026, 10, 25, 1, 30)),
            why: "negative DST: winter time is the daylight type"),
        Case(
            zone: "Antarctica/Troll", wall: wall(2026, 3, 29, 1, 30),
            expected: .gap(shifted: at(2026, 3, 29, 1, 30), length: 7200), why: "two-hour DST"),
        Case(
            zone: "America/New_York", wall: wall(2090, 3, 12, 2, 30),
            expected: .gap(shifted: at(2090, 3, 12, 7, 30), length: 3600), why: "footer rule after 2037"),
        Case(
            zone: "Europe/Paris", wall: wall(2400, 3, 26, 2, 30),
            expected: .gap(shifted: at(2400, 3, 26, 1, 30), length: 3600), why: "next 400-year cycle"),
        Case(
            zone: "Asia/Kolkata", wall: wall(2026, 3, 8, 2, 30),
            expected: .unique(at(2026, 3, 7, 21)), why: "no DST"),
        Case(
            zone: "UTC", wall: wall(1850, 1, 1, 0),
            expected: .unique(at(1850, 1, 1, 0)), why: "UTC"),
    ]

    @Test(arguments: cases)
    func resolves(_ scenario: Case) throws {
        let zone = try Zone(identifier: scenario.zone)
        #expect(zone.resolve(scenario.wall) == scenario.expected)
    }

    @Test func offsetsAndLocalTimes() throws {
        let chatham = try Zone(identifier: "Pacific/Chatham")
        let instant = Self.at(2026, 1, 15, 12)
        #expect(chatham.utcOffset(at: instant) == 13 * 3600 + 45 * 60)
        #expect(chatham.localTime(at: instant) == CivilDateTime(year: 2026, month: 1, day: 16, hour: 1, minute: 45))
        #expect(Zone.utc.localTime(at: instant) == instant.utc)
        // Instants before the first transition use local mean time, the first standard type.
        let paris = try Zone(identifier: "Europe/Paris")
        #expect(paris.utcOffset(at: Self.at(1800, 1, 1, 0)) == 561)
    }
}

@Suite struct ZoneStretchTests {
    @Test func aStretchEndsWhereAnOverlapOrAGapBegins() throws {
        let zone = try Zone(identifier: "America/New_York")
        let stretch = try #require(zone.unambiguousStretch(around: CivilDateTime(year: 2026, month: 1, day: 15, hour: 12)))
        // After the 2025-11-02 fall back (01:00–02:00 happened twice) until the 2026-03-08 gap (02:00–03:00).
        #expect(stretch.walls.lowerBound == CivilDateTime(year: 2025, month: 11, day: 2, hour: 2).secondsSinceLocalEpoch)
        #expect(stretch.walls.upperBound == CivilDateTime(year: 2026, month: 3, day: 8, hour: 2).secondsSinceLocalEpoch)
        #expect(stretch.offset == -18_000)
        #expect(zone.unambiguousStretch(around: CivilDateTime(year: 2026, month: 3, day: 8, hour: 2, minute: 30)) == nil)
        #expect(zone.unambiguousStretch(around: CivilDateTime(year: 2026, month: 11, day: 1, hour: 1, minute: 30)) == nil)
    }

    @Test func everyWallInAStretchResolvesToItsOffset() throws {
        for name in ["Europe/Paris", "Australia/Lord_Howe", "Pacific/Chatham", "America/Santiago"] {
            let zone = try Zone(identifier: name)
            var wall = CivilDateTime(year: 2024, month: 1, day: 1).secondsSinceLocalEpoch
            while wall < CivilDateTime(year: 2027, month: 1, day: 1).secondsSinceLocalEpoch {
                let local = CivilDateTime(secondsSinceLocalEpoch: wall)
                if let stretch = zone.unambiguousStretch(around: local) {
                    for probe in [stretch.walls.lowerBound, wall, stretch.walls.upperBound - 1] {
                        #expect(zone.resolve(CivilDateTime(secondsSinceLocalEpoch: probe))
                            == .unique(Instant(secondsSinceEpoch: probe - Int64(stretch.offset))), "\(name) \(probe)")
                    }
                } else {
                    guard case .unique = zone.resolve(local) else { wall += 1_800; continue }
                    Issue.record("\(name): \(local) resolves to one instant but has no stretch")
                }
                wall += 1_800
            }
        }
    }
}
