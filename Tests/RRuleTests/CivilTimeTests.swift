import Testing

@testable import RRule

@Suite struct CivilTimeTests {
    @Test func dayCountRoundTripsAcrossEras() {
        for days in stride(from: -1_000_000, through: 3_000_000, by: 997) {
            let date = CivilDate(daysSinceEpoch: days)
            #expect(date.daysSinceEpoch == days)
            #expect(date.isValid)
        }
    }

    @Test(arguments: [
        (CivilDate(year: 1970, month: 1, day: 1), Weekday.thursday),
        (CivilDate(year: 2000, month: 2, day: 29), Weekday.tuesday),
        (CivilDate(year: 1969, month: 12, day: 31), Weekday.wednesday),
        (CivilDate(year: 2096, month: 2, day: 29), Weekday.wednesday),
        (CivilDate(year: 1600, month: 3, day: 1), Weekday.wednesday),
    ])
    func weekdays(date: CivilDate, weekday: Weekday) {
        #expect(date.weekday == weekday)
    }

    @Test func leapYears() {
        #expect(CivilDate.isLeap(2000))
        #expect(!CivilDate.isLeap(1900))
        #expect(CivilDate.isLeap(2024))
        #expect(!CivilDate.isLeap(2023))
        #expect(CivilDate(validYear: 2023, month: 2, day: 29) == nil)
        #expect(CivilDate(validYear: 2024, month: 2, day: 29) != nil)
    }

    @Test func gapAndOverlapInNewYork() throws {
        let zone = try Zone(identifier: "America/New_York")
        // 2026-03-08 02:30 does not exist: shifted to 03:30 EDT = 07:30Z.
        let gap = zone.resolve(CivilDateTime(year: 2026, month: 3, day: 8, hour: 2, minute: 30))
        #expect(gap == .gap(shifted: Instant(secondsSinceEpoch: 1_772_955_000), length: 3600))
        // 2026-11-01 01:30 happens at 05:30Z (EDT) and 06:30Z (EST).
        let overlap = zone.resolve(CivilDateTime(year: 2026, month: 11, day: 1, hour: 1, minute: 30))
        #expect(overlap == .overlap(earlier: Instant(secondsSinceEpoch: 1_793_511_000),
                                    later: Instant(secondsSinceEpoch: 1_793_514_600)))
        #expect(throws: ZoneError.self) { try Zone(identifier: "Mars/Olympus_Mons") }
    }
}
