import Testing

@testable import RRule

/// The instant of a UTC wall time, for readable expectations.
func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0) -> Int64 {
    CivilDateTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        .secondsSinceLocalEpoch
}

@Suite struct POSIXTimeZoneRuleTests {
    typealias Rule = POSIXTimeZoneRule

    /// A TZ string, the year to look at, and where daylight time starts and ends then (UTC).
    struct Case: Sendable, CustomTestStringConvertible {
        var text: String
        var standard: Int
        var daylight: Int?
        var year: Int
        var start: Int64?
        var end: Int64?
        var testDescription: String { text }
    }

    static let cases: [Case] = [
        Case(
            text: "EST5EDT,M3.2.0,M11.1.0", standard: -5 * 3600, daylight: -4 * 3600, year: 2026,
            start: utc(2026, 3, 8, 7), end: utc(2026, 11, 1, 6)),
        // glibc's default rule when a daylight name has none.
        Case(
            text: "EST5EDT", standard: -5 * 3600, daylight: -4 * 3600, year: 2026,
            start: utc(2026, 3, 8, 7), end: utc(2026, 11, 1, 6)),
        // Australia/Lord_Howe: half-hour daylight saving, southern hemisphere (starts in October).
        Case(
            text: "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0", standard: 37800, daylight: 39600, year: 2026,
            start: utc(2026, 10, 3, 15, 30), end: utc(2026, 4, 4, 15)),
        // Pacific/Chatham: transitions at 2:45 and 3:45 local.
        Case(
            text: "<+1245>-12:45<+1345>,M9.5.0/2:45,M4.1.0/3:45", standard: 45900, daylight: 49500, year: 2026,
            start: utc(2026, 9, 26, 14), end: utc(2026, 4, 4, 14)),
        // America/Nuuk: a negative transition time (23:00 the day before).
        Case(
            text: "<-02>2<-01>,M3.5.0/-1,M10.5.0/0", standard: -7200, daylight: -3600, year: 2026,
            start: utc(2026, 3, 29, 1), end: utc(2026, 10, 25, 1)),
        // Asia/Jerusalem: 26:00 on the fourth Thursday of March is 02:00 on Friday.
        Case(
            text: "IST-2IDT,M3.4.4/26,M10.5.0", standard: 7200, daylight: 10800, year: 2026,
            start: utc(2026, 3, 27, 0), end: utc(2026, 10, 24, 23)),
        // Asia/Gaza: 50:00 on a Thursday is 02:00 on Saturday.
        Case(
            text: "EET-2EEST,M3.4.4/50,M10.4.4/50", standard: 7200, daylight: 10800, year: 2026,
            start: utc(2026, 3, 28, 0), end: utc(2026, 10, 23, 23)),
        // Europe/Dublin: "daylight" time is winter time, an hour *behind* standard time.
        Case(
            text: "IST-1GMT0,M10.5.0,M3.5.0/1", standard: 3600, daylight: 0, year: 2026,
            start: utc(2026, 10, 25, 1), end: utc(2026, 3, 29, 1)),
        // Jn never counts February 29: J60 is March 1 even in a leap year.
        Case(
            text: "AAA3BBB,J60/0,J300", standard: -3 * 3600, daylight: -2 * 3600, year: 2024,
            start: utc(2024, 3, 1, 3), end: utc(2024, 10, 27, 4)),
        // n counts it: day 59 of 2024 is February 29; an explicit daylight offset with seconds.
        Case(
            text: "AAA3BBB1:30:15,59/0,300", standard: -3 * 3600, daylight: -5415, year: 2024,
            start: utc(2024, 2, 29, 3), end: utc(2024, 10, 27, 3, 30, 15)),
        Case(text: "<+0530>-5:30", standard: 19800, daylight: nil, year: 2026, start: nil, end: nil),
        Case(text: "UTC0", standard: 0, daylight: nil, year: 2026, start: nil, end: nil),
        Case(text: "<-03>+3", standard: -10800, daylight: nil, year: 2026, start: nil, end: nil),
    ]

    @Test(arguments: cases)
    func parsesAndPlacesTransitions(_ rule: Case) throws {
        let parsed = try Rule(parsing: rule.text)
        #expect(parsed.standardOffset == rule.standard)
        #expect(parsed.daylight?.offset == rule.daylight)
        let events = parsed.events(inYear: rule.year)
        #expect(events?.start.instant == rule.start)
        #expect(events?.end.instant == rule.end)
        if let start = rule.start, let end = rule.end, let daylight = rule.daylight {
            #expect(parsed.offset(at: start - 1) == rule.standard)
            #expect(parsed.offset(at: start) == daylight)
            #expect(parsed.offset(at: end - 1) == daylight)
            #expect(parsed.offset(at: end) == rule.standard)
        } else {
            #expect(parsed.offset(at: utc(rule.year, 7, 1)) == rule.standard)
        }
    }

    @Test func namesAreKept() throws {
        let rule = try Rule(parsing: "<+1245>-12:45<+1345>,M9.5.0/2:45,M4.1.0/3:45")
        #expect(rule.standardAbbreviation == "+1245")
        #expect(rule.daylight?.abbreviation == "+1345")
        #expect(rule.daylight?.start == .init(day: .monthWeek(month: 9, week: 5, weekday: 0), time: 9900))
        #expect(rule.daylight?.end == .init(day: .monthWeek(month: 4, week: 1, weekday: 0), time: 13500))
    }

    /// Daylight time all year: ends at 25:00 on December 31, just as the next year's starts at 00:00.
    @Test func permanentDaylightTime() throws {
        let rule = try Rule(parsing: "EST5EDT,0/0,J365/25")
        for instant in [utc(2030, 1, 1, 5), utc(2030, 1, 1, 4, 59, 59), utc(2030, 7, 1), utc(2030, 12, 31, 23)] {
            #expect(rule.offset(at: instant) == -4 * 3600)
        }
        let zone = try ZoneRules.make(
            from: .init(
                version: 2, transitionTimes: [], transitionTypes: [],
                types: [.init(utcOffset: -5 * 3600, isDST: false, abbreviationIndex: 0)],
                abbreviations: Array("EST\0".utf8), footer: "EST5EDT,0/0,J365/25"))
        #expect(zone.transitions.isEmpty && zone.cycleTransitions.isEmpty)
        #expect(zone.offset(at: utc(2100, 1, 1)) == -4 * 3600)
    }

    /// Week 5 means the last: February 2026 has four Sundays (the last on the 22nd), March five (the 29th).
    @Test func fifthWeekMeansLast() {
        let lastSunday = Rule.Day.monthWeek(month: 2, week: 5, weekday: 0)
        #expect(
            CivilDate(daysSinceEpoch: lastSunday.daysSinceEpoch(inYear: 2026))
                == CivilDate(year: 2026, month: 2, day: 22))
        let lastSundayOfMarch = Rule.Day.monthWeek(month: 3, week: 5, weekday: 0)
        #expect(
            CivilDate(daysSinceEpoch: lastSundayOfMarch.daysSinceEpoch(inYear: 2026))
                == CivilDate(year: 2026, month: 3, day: 29))
    }

    @Test(arguments: [
        "", "ES5", "EST", "EST5EDT,M13.1.0,M11.1.0", "EST5EDT,M3.6.0,M11.1.0", "EST5EDT,M3.2.7,M11.1.0",
        "EST5EDT,J0,J365", "EST5EDT,366,0", "EST5EDT,M3.2.0/168,M11.1.0", "EST25", "EST5:60", "<AB>5", "<+05",
        "EST5EDT,M3.2.0", "EST5EDT,M3.2.0,M11.1.0x", "EST5EDT4,", "EST 5", "EST5EDT,M3.2,M11.1.0",
    ])
    func rejectsMalformedText(_ text: String) {
        #expect(throws: Rule.ParseError.self) { try Rule(parsing: text) }
    }

    @Test func errorSaysWhere() {
        #expect {
            try Rule(parsing: "EST5EDT,M3.2.9,M11.1.0")
        } throws: { error in
            let description = (error as? Rule.ParseError)?.description ?? ""
            return description.contains("offset 14") && description.contains("weekday 0…6")
        }
    }
}
