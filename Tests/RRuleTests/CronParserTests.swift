import Testing

@testable import RRule

/// Table-driven parser tests: what each accepted form means (through its canonical description), which forms are
/// equal, and the error each rejected form gives.
@Suite struct CronParserTests {
    static let canonical: [(String, String)] = [
        ("* * * * *", "* * * * *"),
        ("*/1 * * * *", "* * * * *"),
        ("  0\t0  * * *  ", "0 0 * * *"),
        ("@daily", "0 0 * * *"),
        ("@midnight", "0 0 * * *"),
        ("@DAILY", "0 0 * * *"),
        ("@hourly", "0 * * * *"),
        ("@weekly", "0 0 * * 0"),
        ("@monthly", "0 0 1 * *"),
        ("@yearly", "0 0 1 1 *"),
        ("@annually", "0 0 1 1 *"),
        ("*/15 9-17 * * MON-FRI", "*/15 9-17 * * 1-5"),
        ("0,15,30,45 * * * *", "*/15 * * * *"),
        ("0,59 * * * *", "0,59 * * * *"),
        ("0 0 1,15 JAN,jul *", "0 0 1,15 1,7 *"),
        ("0 0 * * 7", "0 0 * * 0"),
        ("0 0 * * 0-7", "0 0 * * 0-6"),
        ("0 0 * * 5-7", "0 0 * * 0,5,6"),
        ("0 0 * * 7-2", "0 0 * * 0-2"),
        ("0 0 * * 7-7", "0 0 * * 0"),
        ("0 0 * * 1-7/2", "0 0 * * 0,1,3,5"),
        ("0 0 * * 1/2", "0 0 * * 1,3,5"),
        ("0 0 5/10 * *", "0 0 5,15,25 * *"),
        ("0 22-2 * * *", "0 0-2,22,23 * * *"),
        ("0 22-2/2 * * *", "0 0,2,22 * * *"),
        ("0 0 * NOV-FEB *", "0 0 * 1,2,11,12 *"),
        ("0 0 * * FRI-MON", "0 0 * * 0,1,5,6"),
        ("0 0 28-3 * *", "0 0 1-3,28-31 * *"),
        ("30 * * * * *", "30 * * * * *"),
        ("0 0 0 * * ?", "0 0 * * *"),
        ("*/5 * * * * *", "*/5 * * * * *"),
        ("0 0 L * *", "0 0 L * *"),
        ("0 0 l-3 * *", "0 0 L-3 * *"),
        ("0 0 L-0 * *", "0 0 L * *"),
        ("0 0 LW * *", "0 0 LW * *"),
        ("0 0 15w * *", "0 0 15W * *"),
        ("0 0 1,L,15W * *", "0 0 1,L,15W * *"),
        ("0 0 * * 5L", "0 0 * * 5L"),
        ("0 0 * * FRIL", "0 0 * * 5L"),
        ("0 0 * * 7L", "0 0 * * 0L"),
        ("0 0 * * MON#2", "0 0 * * 1#2"),
        ("0 0 ? * 6#3", "0 0 * * 6#3"),
        ("0 0 */2 * MON", "0 0 */2 * 1"),
        ("0 0 */2,10 * MON", "0 0 */2,10 * 1"),
        ("0 0 *,L * *", "0 0 * * *"),
        ("0 0 1 * */3", "0 0 1 * */3"),
        ("0 0 1-31 * 1", "0 0 1-31 * 1"),
        ("CRON_TZ=Europe/Paris 0 9 * * *", "CRON_TZ=Europe/Paris 0 9 * * *"),
        ("TZ=America/New_York @daily", "CRON_TZ=America/New_York 0 0 * * *"),
        ("CRON_TZ=UTC 0 9 * * *", "0 9 * * *"),
    ]

    @Test(arguments: canonical)
    func canonicalForm(_ text: String, _ expected: String) throws {
        let expression = try CronExpression(parsing: text)
        #expect(expression.description == expected)
        #expect(try CronExpression(parsing: expression.description) == expression)
    }

    @Test func theDescriptionKeepsAStarredDayField() throws {
        // `*,L` keeps every day and the star; `*/2` keeps the star, so Monday must also be an odd day.
        let starred = try CronExpression(parsing: "0 0 */2 * 1")
        let listed = try CronExpression(parsing: "0 0 1-31/2 * 1")
        #expect(starred != listed)
        #expect(try CronExpression(parsing: listed.description) == listed)
        #expect(try CronExpression(parsing: "0 0 1,*/2 * 1") == listed)
    }

    static let equal: [(String, String)] = [
        ("@daily", "0 0 * * *"),
        ("0 0 0 * * ?", "0 0 * * *"),
        ("0 0 * * 7", "0 0 * * SUN"),
        ("0 0 * * sun", "0 0 * * 0"),
        ("0 12 * * MON-FRI", "0 12 * * 1,2,3,4,5"),
        ("0 0 * jan-mar *", "0 0 * 1-3 *"),
        ("0 0 ? * 1", "0 0 * * 1"),
        ("0 0 * * 5L", "0 0 * * fril"),
        ("TZ=Europe/Paris 0 9 * * *", "CRON_TZ=Europe/Paris 0 9 * * *"),
    ]

    @Test(arguments: equal)
    func equalExpressions(_ left: String, _ right: String) throws {
        let a = try CronExpression(parsing: left)
        let b = try CronExpression(parsing: right)
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(a.description == b.description)
    }

    @Test func differentMeaningsAreUnequal() throws {
        // The day rule makes `1-31` (OR with Monday: every day) differ from `*` (AND: Mondays).
        #expect(try CronExpression(parsing: "0 0 1-31 * 1") != CronExpression(parsing: "0 0 * * 1"))
        let paris = try Zone(identifier: "Europe/Paris")
        #expect(try CronExpression(parsing: "0 9 * * *") != CronExpression(parsing: "0 9 * * *", zone: paris))
        #expect(
            try CronExpression(parsing: "0 9 * * *", dstPolicy: DSTPolicy(gap: .skip))
                != CronExpression(parsing: "0 9 * * *"))
    }

    @Test func theTextsZoneWinsOverTheArgument() throws {
        let newYork = try Zone(identifier: "America/New_York")
        let expression = try CronExpression(parsing: "CRON_TZ=Europe/Paris 0 9 * * *", zone: newYork)
        #expect(expression.zone.identifier == "Europe/Paris")
        #expect(try CronExpression(parsing: "0 9 * * *", zone: newYork).zone == newYork)
    }

    struct Rejection: CustomStringConvertible, Sendable {
        var text: String
        var code: String
        var field: CronField?
        var message: String
        var description: String { text.count > 60 ? String(text.prefix(60)) + "…" : text }
    }

    static let rejections: [Rejection] = [
        Rejection(text: "", code: "cron.empty", field: nil, message: "the expression is empty"),
        Rejection(text: "   ", code: "cron.empty", field: nil, message: "expected 5 fields"),
        Rejection(text: "* * * *", code: "cron.fieldCount", field: nil, message: "has 4 fields: expected 5"),
        Rejection(text: "* * * * * * *", code: "cron.fieldCount", field: nil, message: "Quartz year field"),
        Rejection(
            text: "61 * * * *", code: "cron.outOfRange", field: .minute,
            message: "minute value 61 is out of range: expected 0–59"),
        Rejection(text: "* 24 * * *", code: "cron.outOfRange", field: .hour, message: "expected 0–23"),
        Rejection(
            text: "* * 0 * *", code: "cron.outOfRange", field: .dayOfMonth,
            message: "day-of-month value 0 is out of range: expected 1–31"),
        Rejection(text: "* * * 13 *", code: "cron.outOfRange", field: .month, message: "expected 1–12"),
        Rejection(text: "* * * * 8", code: "cron.outOfRange", field: .dayOfWeek, message: "expected 0–7"),
        Rejection(text: "70 * * * * *", code: "cron.outOfRange", field: .second, message: "second value 70"),
        Rejection(text: "99999999999 * * * *", code: "cron.outOfRange", field: .minute, message: "expected 0–59"),
        Rejection(text: "1-99 * * * *", code: "cron.outOfRange", field: .minute, message: "value 99"),
        Rejection(text: "*/0 * * * *", code: "cron.step", field: .minute, message: "step 0 in '*/0'"),
        Rejection(text: "*/61 * * * *", code: "cron.step", field: .minute, message: "expected 1–60"),
        Rejection(text: "0 */25 * * *", code: "cron.step", field: .hour, message: "expected 1–24"),
        Rejection(text: "*/x * * * *", code: "cron.step", field: .minute, message: "is not a number"),
        Rejection(text: "1-5/2/3 * * * *", code: "cron.step", field: .minute, message: "is not a number"),
        Rejection(text: "a * * * *", code: "cron.syntax", field: .minute, message: "'a', which is not a number"),
        Rejection(text: "+5 * * * *", code: "cron.syntax", field: .minute, message: "not a number or name"),
        Rejection(text: "1- * * * *", code: "cron.syntax", field: .minute, message: "missing value"),
        Rejection(text: "1,,2 * * * *", code: "cron.syntax", field: .minute, message: "entry '' is empty"),
        Rejection(
            text: "? * * * *", code: "cron.syntax", field: .minute,
            message: "only day-of-month and day-of-week accept"),
        Rejection(text: "0 0 * JUL-FOO *", code: "cron.syntax", field: .month, message: "names JAN–DEC"),
        Rejection(text: "0 0 * * MONDAY", code: "cron.syntax", field: .dayOfWeek, message: "names SUN–SAT"),
        Rejection(text: "0 0 MON * *", code: "cron.syntax", field: .dayOfMonth, message: "'L' (last day)"),
        Rejection(text: "0 0 * * L", code: "cron.syntax", field: .dayOfWeek, message: "needs a day before 'L'"),
        Rejection(text: "0 0 W * *", code: "cron.syntax", field: .dayOfMonth, message: "'W'"),
        Rejection(text: "0 0 L-x * *", code: "cron.syntax", field: .dayOfMonth, message: "after 'L-'"),
        Rejection(
            text: "0 0 L-31 * *", code: "cron.outOfRange", field: .dayOfMonth,
            message: "day-of-month offset 31 is out of range: expected 0–30"),
        Rejection(text: "0 0 32W * *", code: "cron.outOfRange", field: .dayOfMonth, message: "value 32"),
        Rejection(text: "0 0 1-5W * *", code: "cron.syntax", field: .dayOfMonth, message: "one day number before 'W'"),
        Rejection(
            text: "0 0 * * 5#6", code: "cron.outOfRange", field: .dayOfWeek,
            message: "day-of-week occurrence 6 is out of range: expected 1–5"),
        Rejection(text: "0 0 * * 5#0", code: "cron.outOfRange", field: .dayOfWeek, message: "occurrence 0"),
        Rejection(text: "0 0 * * 8#1", code: "cron.outOfRange", field: .dayOfWeek, message: "value 8"),
        Rejection(text: "0 0 * * 5#", code: "cron.syntax", field: .dayOfWeek, message: "after '#'"),
        Rejection(text: "@reboot", code: "cron.reboot", field: nil, message: "use an agent start trigger instead"),
        Rejection(text: "@fortnightly", code: "cron.macro", field: nil, message: "expected @yearly"),
        Rejection(text: "@daily 0", code: "cron.fieldCount", field: nil, message: "stands alone"),
        Rejection(
            text: "CRON_TZ=Mars/Base 0 0 * * *", code: "cron.zone", field: nil,
            message: "unknown time zone 'Mars/Base'"),
        Rejection(text: "TZ= 0 0 * * *", code: "cron.zone", field: nil, message: "unknown time zone ''"),
        Rejection(text: "CRON_TZ=Europe/Paris", code: "cron.empty", field: nil, message: "empty"),
        Rejection(
            text: String(repeating: "1,", count: 101) + "1 * * * *", code: "cron.listTooLong", field: .minute,
            message: "102 list entries: expected at most 100"),
        Rejection(
            text: "* * * * * " + String(repeating: " ", count: 1020), code: "cron.tooLong", field: nil,
            message: "expected at most 1024"),
    ]

    @Test(arguments: rejections)
    func rejected(_ rejection: Rejection) {
        #expect {
            _ = try CronExpression(parsing: rejection.text)
        } throws: { error in
            guard let error = error as? CronError else { return false }
            return error.code == rejection.code && error.field == rejection.field
                && error.message.contains(rejection.message)
                && error.description == "invalid cron expression: " + error.message
        }
    }

    @Test func errorsNameTheOffendingEntry() {
        #expect(
            throws: CronError(
                code: "cron.outOfRange", field: .minute, text: "5-61",
                message: "minute value 61 is out of range: expected 0–59")
        ) {
            try CronExpression(parsing: "1,5-61 * * * *")
        }
        #expect(
            throws: CronError(
                code: "cron.syntax", field: .dayOfWeek, text: "FRX",
                message: "day-of-week entry 'FRX' has 'FRX', which is not a number or name: expected "
                    + CronField.dayOfWeek.accepted)
        ) {
            try CronExpression(parsing: "0 0 * * FRX")
        }
    }
}
