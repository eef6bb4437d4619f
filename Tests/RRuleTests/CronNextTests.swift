import Testing

@testable import RRule

/// The instant of a UTC wall time written `YYYY-MM-DDTHH:MM:SS`.
func utcInstant(_ text: String) -> Instant {
    let digits = text.split(whereSeparator: { !$0.isNumber }).map { Int($0)! }
    let wall = CivilDateTime(
        year: digits[0], month: digits[1], day: digits[2], hour: digits[3], minute: digits[4],
        second: digits[5])
    return Instant(secondsSinceEpoch: wall.secondsSinceLocalEpoch)
}

/// Next-occurrence tables for each feature, in UTC. Where croniter reads the expression the same way (with
/// `implement_cron_bug=True`), the expectations were checked against croniter 7.0.0.
@Suite struct CronNextTests {
    struct Case: CustomStringConvertible, Sendable {
        var expression: String
        var after: String
        var expected: [String]
        var description: String { "\(expression) after \(after)" }
    }

    static let cases: [Case] = [
        // Steps, ranges, lists, names.
        Case(
            expression: "*/20 * * * *", after: "2026-01-01T00:05:00",
            expected: ["2026-01-01T00:20:00", "2026-01-01T00:40:00", "2026-01-01T01:00:00"]),
        Case(
            expression: "0 12 1 jun-aug *", after: "2026-01-01T00:00:00",
            expected: ["2026-06-01T12:00:00", "2026-07-01T12:00:00", "2026-08-01T12:00:00", "2027-06-01T12:00:00"]),
        Case(
            expression: "15 9 * * MON-FRI", after: "2026-01-02T10:00:00",
            expected: ["2026-01-05T09:15:00", "2026-01-06T09:15:00"]),
        Case(
            expression: "0 0 * * 1/2", after: "2026-01-01T00:00:00",
            expected: ["2026-01-02T00:00:00", "2026-01-05T00:00:00", "2026-01-07T00:00:00", "2026-01-09T00:00:00"]),
        Case(
            expression: "0 0 5/10 * *", after: "2026-01-01T00:00:00",
            expected: ["2026-01-05T00:00:00", "2026-01-15T00:00:00", "2026-01-25T00:00:00", "2026-02-05T00:00:00"]),
        // 7 is Sunday, like 0.
        Case(
            expression: "0 0 * * 7", after: "2026-01-01T00:00:00",
            expected: ["2026-01-04T00:00:00", "2026-01-11T00:00:00"]),
        Case(
            expression: "0 0 * * 5-7", after: "2026-01-01T00:00:00",
            expected: ["2026-01-02T00:00:00", "2026-01-03T00:00:00", "2026-01-04T00:00:00", "2026-01-09T00:00:00"]),
        // Wrapping ranges.
        Case(
            expression: "0 22-2 * * *", after: "2026-01-01T00:00:00",
            expected: [
                "2026-01-01T01:00:00", "2026-01-01T02:00:00", "2026-01-01T22:00:00", "2026-01-01T23:00:00",
                "2026-01-02T00:00:00",
            ]),
        Case(
            expression: "0 0 * * FRI-MON", after: "2026-01-01T00:00:00",
            expected: [
                "2026-01-02T00:00:00", "2026-01-03T00:00:00", "2026-01-04T00:00:00", "2026-01-05T00:00:00",
                "2026-01-09T00:00:00",
            ]),
        Case(
            expression: "0 0 28-3 * *", after: "2026-01-01T00:00:00",
            expected: ["2026-01-02T00:00:00", "2026-01-03T00:00:00", "2026-01-28T00:00:00"]),
        Case(
            expression: "0 22-2/2 * * *", after: "2026-01-01T00:00:00",
            expected: ["2026-01-01T02:00:00", "2026-01-01T22:00:00", "2026-01-02T00:00:00", "2026-01-02T02:00:00"]),
        // L, L-n, LW.
        Case(
            expression: "0 0 L * *", after: "2024-01-31T00:00:00",
            expected: ["2024-02-29T00:00:00", "2024-03-31T00:00:00", "2024-04-30T00:00:00"]),
        Case(
            expression: "0 0 L-2 * *", after: "2026-01-01T00:00:00",
            expected: ["2026-01-29T00:00:00", "2026-02-26T00:00:00", "2026-03-29T00:00:00"]),
        Case(
            expression: "0 0 LW * *", after: "2026-01-01T00:00:00",
            expected: [
                "2026-01-30T00:00:00", "2026-02-27T00:00:00", "2026-03-31T00:00:00", "2026-04-30T00:00:00",
                "2026-05-29T00:00:00",
            ]),
        // nW never leaves the month: 1W on a Saturday is Monday the 3rd; a Sunday 31st moves back to Friday.
        Case(
            expression: "0 0 1W * *", after: "2026-07-15T00:00:00",
            expected: ["2026-08-03T00:00:00", "2026-09-01T00:00:00", "2026-10-01T00:00:00", "2026-11-02T00:00:00"]),
        Case(
            expression: "0 0 15W * *", after: "2026-02-01T00:00:00",
            expected: ["2026-02-16T00:00:00", "2026-03-16T00:00:00", "2026-04-15T00:00:00"]),
        Case(expression: "0 0 15W * *", after: "2026-08-01T00:00:00", expected: ["2026-08-14T00:00:00"]),
        Case(
            expression: "0 0 31W * *", after: "2026-01-01T00:00:00",
            expected: [
                "2026-01-30T00:00:00", "2026-02-27T00:00:00", "2026-03-31T00:00:00", "2026-04-30T00:00:00",
                "2026-05-29T00:00:00",
            ]),
        Case(expression: "0 0 31W 5 *", after: "2020-01-01T00:00:00", expected: ["2020-05-29T00:00:00"]),
        // nL and n#k.
        Case(
            expression: "0 0 * * 5L", after: "2026-01-01T00:00:00",
            expected: ["2026-01-30T00:00:00", "2026-02-27T00:00:00", "2026-03-27T00:00:00", "2026-04-24T00:00:00"]),
        Case(expression: "0 0 * * FRIL", after: "2026-01-01T00:00:00", expected: ["2026-01-30T00:00:00"]),
        Case(
            expression: "0 0 * * MON#2", after: "2026-01-01T00:00:00",
            expected: ["2026-01-12T00:00:00", "2026-02-09T00:00:00", "2026-03-09T00:00:00"]),
        Case(
            expression: "0 0 * * 1#2,1#4", after: "2026-01-01T00:00:00",
            expected: ["2026-01-12T00:00:00", "2026-01-26T00:00:00", "2026-02-09T00:00:00"]),
        Case(
            expression: "0 0 * * sun#5", after: "2026-01-01T00:00:00",
            expected: ["2026-03-29T00:00:00", "2026-05-31T00:00:00", "2026-08-30T00:00:00", "2026-11-29T00:00:00"]),
        // The day rule: either field may match unless one starts with `*`.
        Case(
            expression: "0 0 13 * 5", after: "2026-03-01T00:00:00",
            expected: [
                "2026-03-06T00:00:00", "2026-03-13T00:00:00", "2026-03-20T00:00:00", "2026-03-27T00:00:00",
                "2026-04-03T00:00:00", "2026-04-10T00:00:00", "2026-04-13T00:00:00",
            ]),
        Case(
            expression: "0 0 */2 * 5", after: "2026-01-01T00:00:00",
            expected: ["2026-01-09T00:00:00", "2026-01-23T00:00:00", "2026-02-13T00:00:00", "2026-02-27T00:00:00"]),
        Case(
            expression: "0 0 1-31/2 * 5", after: "2026-01-01T00:00:00",
            expected: ["2026-01-02T00:00:00", "2026-01-03T00:00:00", "2026-01-05T00:00:00"]),
        Case(
            expression: "0 0 ? * 5", after: "2026-01-01T00:00:00",
            expected: ["2026-01-02T00:00:00", "2026-01-09T00:00:00"]),
        Case(
            expression: "0 0 1 * MON", after: "2026-01-01T00:00:00",
            expected: [
                "2026-01-05T00:00:00", "2026-01-12T00:00:00", "2026-01-19T00:00:00", "2026-01-26T00:00:00",
                "2026-02-01T00:00:00", "2026-02-02T00:00:00",
            ]),
        Case(
            expression: "0 0 15 * 5L", after: "2026-01-01T00:00:00",
            expected: ["2026-01-15T00:00:00", "2026-01-30T00:00:00", "2026-02-15T00:00:00", "2026-02-27T00:00:00"]),
        Case(
            expression: "0 0 L * 5L", after: "2026-01-01T00:00:00",
            expected: ["2026-01-30T00:00:00", "2026-01-31T00:00:00", "2026-02-27T00:00:00", "2026-02-28T00:00:00"]),
        Case(expression: "0 0 * * 5L", after: "2026-01-30T00:00:00", expected: ["2026-02-27T00:00:00"]),
        // Macros.
        Case(
            expression: "@hourly", after: "2026-01-01T00:30:00",
            expected: ["2026-01-01T01:00:00", "2026-01-01T02:00:00"]),
        Case(
            expression: "@daily", after: "2026-01-01T00:00:00",
            expected: ["2026-01-02T00:00:00", "2026-01-03T00:00:00"]),
        Case(
            expression: "@weekly", after: "2026-01-01T00:00:00",
            expected: ["2026-01-04T00:00:00", "2026-01-11T00:00:00"]),
        Case(
            expression: "@monthly", after: "2026-01-01T00:00:00",
            expected: ["2026-02-01T00:00:00", "2026-03-01T00:00:00"]),
        Case(
            expression: "@annually", after: "2026-01-01T00:00:00",
            expected: ["2027-01-01T00:00:00", "2028-01-01T00:00:00"]),
        // Six fields: seconds first.
        Case(
            expression: "*/20 * * * * *", after: "2026-01-01T00:00:00",
            expected: ["2026-01-01T00:00:20", "2026-01-01T00:00:40", "2026-01-01T00:01:00"]),
        Case(
            expression: "30 15 10 * * *", after: "2026-01-01T00:00:00",
            expected: ["2026-01-01T10:15:30", "2026-01-02T10:15:30"]),
        Case(
            expression: "59 59 23 31 12 ?", after: "2026-06-01T00:00:00",
            expected: ["2026-12-31T23:59:59", "2027-12-31T23:59:59"]),
        // Rare matches answer at once: every February 29, across the skipped leap year 2100.
        Case(
            expression: "0 0 29 2 *", after: "2026-01-01T00:00:00",
            expected: ["2028-02-29T00:00:00", "2032-02-29T00:00:00"]),
        Case(
            expression: "0 0 29 2 *", after: "2096-03-01T00:00:00",
            expected: ["2104-02-29T00:00:00", "2108-02-29T00:00:00"]),
        Case(
            expression: "0 0 * 2 1#5", after: "2026-01-01T00:00:00",
            expected: ["2044-02-29T00:00:00", "2072-02-29T00:00:00", "2112-02-29T00:00:00"]),
        Case(
            expression: "0 0 29 2 1", after: "2026-01-01T00:00:00",
            expected: [
                "2026-02-02T00:00:00", "2026-02-09T00:00:00", "2026-02-16T00:00:00", "2026-02-23T00:00:00",
                "2027-02-01T00:00:00",
            ]),
    ]

    @Test(arguments: cases)
    func nextOccurrences(_ test: Case) throws {
        let expression = try CronExpression(parsing: test.expression)
        let occurrences = Array(expression.occurrences(after: utcInstant(test.after)).prefix(test.expected.count))
        #expect(occurrences.map(\.local.rfc3339) == test.expected)
        #expect(occurrences.allSatisfy { $0.offset == .utc && $0.rfc3339 == $0.local.rfc3339 + "Z" })
        #expect(occurrences.map(\.instant) == test.expected.map(utcInstant))
        // next(after:) agrees with the sequence from every step.
        var previous = utcInstant(test.after)
        for occurrence in occurrences {
            #expect(expression.next(after: previous) == occurrence)
            #expect(expression.next(after: occurrence.instant.adding(seconds: -1)) == occurrence)
            previous = occurrence.instant
        }
    }

    @Test(arguments: ["0 0 30 2 *", "0 0 31 4,6,9,11 *", "0 0 L-29 2 *", "0 0 30-31 2 *", "0 0 31 2 ?"])
    func impossibleExpressionsEnd(_ text: String) throws {
        let expression = try CronExpression(parsing: text)
        #expect(expression.next(after: utcInstant("2026-01-01T00:00:00")) == nil)
        #expect(Array(expression.occurrences(after: nil)).isEmpty)
        #expect(
            expression.occurrences(from: utcInstant("2000-01-01T00:00:00"), to: utcInstant("2100-01-01T00:00:00"))
                .isEmpty)
    }

    @Test func possibleOnlyThroughTheOtherDayField() throws {
        // Day 30 never comes in February, but with OR semantics the fifth Monday does (in leap years).
        let expression = try CronExpression(parsing: "0 0 30 2 MON#5")
        #expect(expression.next(after: utcInstant("2026-01-01T00:00:00"))?.local.rfc3339 == "2044-02-29T00:00:00")
    }

    @Test func nilMeansFromTheEpoch() throws {
        let expression = try CronExpression(parsing: "0 0 1 1 *")
        #expect(expression.occurrences(after: nil).first { _ in true }?.instant == Instant(secondsSinceEpoch: 0))
    }

    @Test func rangeQueriesAreHalfOpen() throws {
        let expression = try CronExpression(parsing: "0 * * * *")
        let hours = expression.occurrences(
            from: utcInstant("2026-01-01T00:00:00"), to: utcInstant("2026-01-01T03:00:00"))
        #expect(hours.map(\.local.hour) == [0, 1, 2])
    }

    @Test func theSearchCoversYearsOneTo9999() throws {
        let expression = try CronExpression(parsing: "@yearly")
        #expect(expression.next(after: utcInstant("9998-06-01T00:00:00"))?.local.rfc3339 == "9999-01-01T00:00:00")
        #expect(expression.next(after: utcInstant("9999-06-01T00:00:00")) == nil)
        #expect(expression.next(after: Instant(secondsSinceEpoch: .max)) == nil)
        #expect(expression.next(after: Instant(secondsSinceEpoch: .min))?.local.rfc3339 == "0001-01-01T00:00:00")
        // Paris midnight of 0001-01-01 (local mean time, +00:09:21) falls before the first instant searched.
        let paris = try CronExpression(parsing: "CRON_TZ=Europe/Paris @yearly")
        #expect(paris.next(after: Instant(secondsSinceEpoch: .min))?.local.rfc3339 == "0002-01-01T00:00:00")
    }

    @Test func matchesChecksEveryField() throws {
        let expression = try CronExpression(parsing: "30 9 * * MON-FRI")
        #expect(expression.matches(CivilDateTime(year: 2026, month: 1, day: 5, hour: 9, minute: 30)))
        #expect(!expression.matches(CivilDateTime(year: 2026, month: 1, day: 4, hour: 9, minute: 30)))
        #expect(!expression.matches(CivilDateTime(year: 2026, month: 1, day: 5, hour: 9, minute: 30, second: 1)))
        #expect(!expression.matches(CivilDateTime(year: 2026, month: 2, day: 30, hour: 9, minute: 30)))
    }
}

@Suite struct CronRecurrenceTests {
    @Test func answersThroughTheRecurrenceProtocol() throws {
        let schedules: [any Recurrence] = [try CronExpression(parsing: "0 9 * * MON-FRI")]
        let next = schedules[0].next(after: utcInstant("2026-01-02T10:00:00"))
        #expect(next?.rfc3339 == "2026-01-05T09:00:00Z")
        let week = schedules[0].occurrences(
            from: utcInstant("2026-01-05T00:00:00"), to: utcInstant("2026-01-12T00:00:00"))
        #expect(week.map(\.local.date.day) == [5, 6, 7, 8, 9])
    }
}
