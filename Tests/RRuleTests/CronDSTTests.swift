import Testing

@testable import RRule

/// Zoned cron expressions across daylight-saving transitions, for each gap and overlap policy.
@Suite struct CronDSTTests {
    struct Case: CustomStringConvertible, Sendable {
        var zone: String
        var expression: String
        var policy: DSTPolicy
        /// UTC.
        var after: String
        /// Occurrences as RFC 3339 with the zone's offset.
        var expected: [String]
        var description: String { "\(expression) in \(zone) with \(policy) after \(after)Z" }
    }

    static let shift = DSTPolicy(gap: .shift, overlap: .first)
    static let skip = DSTPolicy(gap: .skip, overlap: .first)
    static let first = DSTPolicy(gap: .shift, overlap: .first)
    static let last = DSTPolicy(gap: .shift, overlap: .last)
    static let both = DSTPolicy(gap: .shift, overlap: .both)

    static let cases: [Case] = [
        // New York springs forward on 2026-03-08 at 02:00 EST: 02:30 does not exist.
        Case(
            zone: "America/New_York", expression: "30 2 * * *", policy: shift, after: "2026-03-07T00:00:00",
            expected: ["2026-03-07T02:30:00-05:00", "2026-03-08T03:30:00-04:00", "2026-03-09T02:30:00-04:00"]),
        Case(
            zone: "America/New_York", expression: "30 2 * * *", policy: skip, after: "2026-03-07T00:00:00",
            expected: ["2026-03-07T02:30:00-05:00", "2026-03-09T02:30:00-04:00"]),
        // A shifted time that coincides with a real one comes once.
        Case(
            zone: "America/New_York", expression: "*/30 * * * *", policy: shift, after: "2026-03-08T05:50:00",
            expected: [
                "2026-03-08T01:00:00-05:00", "2026-03-08T01:30:00-05:00", "2026-03-08T03:00:00-04:00",
                "2026-03-08T03:30:00-04:00", "2026-03-08T04:00:00-04:00",
            ]),
        Case(
            zone: "America/New_York", expression: "*/30 * * * *", policy: skip, after: "2026-03-08T05:50:00",
            expected: [
                "2026-03-08T01:00:00-05:00", "2026-03-08T01:30:00-05:00", "2026-03-08T03:00:00-04:00",
                "2026-03-08T03:30:00-04:00",
            ]),
        Case(
            zone: "America/New_York", expression: "0 2 * * *", policy: shift, after: "2026-03-08T00:00:00",
            expected: ["2026-03-08T03:00:00-04:00", "2026-03-09T02:00:00-04:00"]),
        // New York falls back on 2026-11-01 at 02:00 EDT: 01:00–01:59 happen twice.
        Case(
            zone: "America/New_York", expression: "30 1 * * *", policy: first, after: "2026-10-31T12:00:00",
            expected: ["2026-11-01T01:30:00-04:00", "2026-11-02T01:30:00-05:00"]),
        Case(
            zone: "America/New_York", expression: "30 1 * * *", policy: last, after: "2026-10-31T12:00:00",
            expected: ["2026-11-01T01:30:00-05:00", "2026-11-02T01:30:00-05:00"]),
        Case(
            zone: "America/New_York", expression: "30 1 * * *", policy: both, after: "2026-10-31T12:00:00",
            expected: ["2026-11-01T01:30:00-04:00", "2026-11-01T01:30:00-05:00", "2026-11-02T01:30:00-05:00"]),
        Case(
            zone: "America/New_York", expression: "*/30 * * * *", policy: first, after: "2026-11-01T04:00:00",
            expected: [
                "2026-11-01T00:30:00-04:00", "2026-11-01T01:00:00-04:00", "2026-11-01T01:30:00-04:00",
                "2026-11-01T02:00:00-05:00",
            ]),
        Case(
            zone: "America/New_York", expression: "*/30 * * * *", policy: last, after: "2026-11-01T04:00:00",
            expected: [
                "2026-11-01T00:30:00-04:00", "2026-11-01T01:00:00-05:00", "2026-11-01T01:30:00-05:00",
                "2026-11-01T02:00:00-05:00",
            ]),
        Case(
            zone: "America/New_York", expression: "*/30 * * * *", policy: both, after: "2026-11-01T04:00:00",
            expected: [
                "2026-11-01T00:30:00-04:00", "2026-11-01T01:00:00-04:00", "2026-11-01T01:30:00-04:00",
                "2026-11-01T01:00:00-05:00", "2026-11-01T01:30:00-05:00", "2026-11-01T02:00:00-05:00",
            ]),
        // Starting inside the repeated hour: with `first` the second pass yields nothing; with `both` it does.
        Case(
            zone: "America/New_York", expression: "*/30 * * * *", policy: first, after: "2026-11-01T05:45:00",
            expected: ["2026-11-01T02:00:00-05:00"]),
        Case(
            zone: "America/New_York", expression: "*/30 * * * *", policy: both, after: "2026-11-01T05:45:00",
            expected: ["2026-11-01T01:00:00-05:00", "2026-11-01T01:30:00-05:00", "2026-11-01T02:00:00-05:00"]),
        Case(
            zone: "America/New_York", expression: "*/30 * * * *", policy: last, after: "2026-11-01T06:10:00",
            expected: ["2026-11-01T01:30:00-05:00", "2026-11-01T02:00:00-05:00"]),
        // Paris springs forward on 2026-03-29 at 02:00 CET and falls back on 2026-10-25 at 03:00 CEST.
        Case(
            zone: "Europe/Paris", expression: "30 2 * * *", policy: shift, after: "2026-03-28T00:00:00",
            expected: ["2026-03-28T02:30:00+01:00", "2026-03-29T03:30:00+02:00", "2026-03-30T02:30:00+02:00"]),
        Case(
            zone: "Europe/Paris", expression: "30 2 * * *", policy: skip, after: "2026-03-28T00:00:00",
            expected: ["2026-03-28T02:30:00+01:00", "2026-03-30T02:30:00+02:00"]),
        Case(
            zone: "Europe/Paris", expression: "15 2 * * *", policy: first, after: "2026-10-24T12:00:00",
            expected: ["2026-10-25T02:15:00+02:00", "2026-10-26T02:15:00+01:00"]),
        Case(
            zone: "Europe/Paris", expression: "15 2 * * *", policy: last, after: "2026-10-24T12:00:00",
            expected: ["2026-10-25T02:15:00+01:00", "2026-10-26T02:15:00+01:00"]),
        Case(
            zone: "Europe/Paris", expression: "15 2 * * *", policy: both, after: "2026-10-24T12:00:00",
            expected: ["2026-10-25T02:15:00+02:00", "2026-10-25T02:15:00+01:00", "2026-10-26T02:15:00+01:00"]),
        Case(
            zone: "Europe/Paris", expression: "0 9 * * MON-FRI", policy: shift, after: "2026-03-27T12:00:00",
            expected: ["2026-03-30T09:00:00+02:00", "2026-03-31T09:00:00+02:00"]),
        // Lord Howe moves by 30 minutes: 02:00 → 02:30 on 2026-10-04, 02:00 → 01:30 on 2026-04-05. The shifted
        // 02:20 (at 02:50) comes after the real 02:35.
        Case(
            zone: "Australia/Lord_Howe", expression: "20,35 2 * * *", policy: shift, after: "2026-10-02T16:30:00",
            expected: ["2026-10-04T02:35:00+11:00", "2026-10-04T02:50:00+11:00", "2026-10-05T02:20:00+11:00"]),
        Case(
            zone: "Australia/Lord_Howe", expression: "20,35 2 * * *", policy: skip, after: "2026-10-02T16:30:00",
            expected: ["2026-10-04T02:35:00+11:00", "2026-10-05T02:20:00+11:00"]),
        Case(
            zone: "Australia/Lord_Howe", expression: "45 1 * * *", policy: first, after: "2026-04-04T00:00:00",
            expected: ["2026-04-05T01:45:00+11:00", "2026-04-06T01:45:00+10:30"]),
        Case(
            zone: "Australia/Lord_Howe", expression: "45 1 * * *", policy: last, after: "2026-04-04T00:00:00",
            expected: ["2026-04-05T01:45:00+10:30", "2026-04-06T01:45:00+10:30"]),
        Case(
            zone: "Australia/Lord_Howe", expression: "*/15 1 * * *", policy: both, after: "2026-04-04T00:00:00",
            expected: [
                "2026-04-05T01:00:00+11:00", "2026-04-05T01:15:00+11:00", "2026-04-05T01:30:00+11:00",
                "2026-04-05T01:45:00+11:00", "2026-04-05T01:30:00+10:30", "2026-04-05T01:45:00+10:30",
                "2026-04-06T01:00:00+10:30",
            ]),
        // A zone named in the text.
        Case(
            zone: "UTC", expression: "CRON_TZ=Asia/Tokyo 0 9 * * *", policy: shift, after: "2025-12-31T23:00:00",
            expected: ["2026-01-01T09:00:00+09:00", "2026-01-02T09:00:00+09:00"]),
    ]

    @Test(arguments: cases)
    func acrossTransitions(_ test: Case) throws {
        let zone = try Zone(identifier: test.zone)
        let expression = try CronExpression(parsing: test.expression, zone: zone, dstPolicy: test.policy)
        let after = utcInstant(test.after)
        let occurrences = Array(expression.occurrences(after: after).prefix(test.expected.count))
        #expect(occurrences.map(\.rfc3339) == test.expected)
        var previous = after
        for occurrence in occurrences {
            #expect(occurrence.instant > previous)
            #expect(occurrence.local == expression.zone.localTime(at: occurrence.instant))
            #expect(occurrence.offset == .seconds(expression.zone.utcOffset(at: occurrence.instant)))
            #expect(expression.next(after: previous) == occurrence)
            previous = occurrence.instant
        }
    }

    @Test func utcExpressionsHaveUTCOffsets() throws {
        let expression = try CronExpression(parsing: "0 9 * * *", zone: .utc)
        let next = try #require(expression.next(after: utcInstant("2026-01-01T00:00:00")))
        #expect(next.offset == .utc)
        #expect(next.rfc3339 == "2026-01-01T09:00:00Z")
    }

    @Test func aRuleThatOnlyEverMatchesSkippedTimesEnds() throws {
        // 02:30 on the second Sunday of March never exists in New York (since 2007): with `skip` it never runs.
        let zone = try Zone(identifier: "America/New_York")
        let expression = try CronExpression(parsing: "30 2 * 3 0#2", zone: zone, dstPolicy: Self.skip)
        #expect(expression.next(after: utcInstant("2026-01-01T00:00:00")) == nil)
        let shifted = try CronExpression(parsing: "30 2 * 3 0#2", zone: zone, dstPolicy: Self.shift)
        #expect(shifted.next(after: utcInstant("2026-01-01T00:00:00"))?.rfc3339 == "2026-03-08T03:30:00-04:00")
    }
}
