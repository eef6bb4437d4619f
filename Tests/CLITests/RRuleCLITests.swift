import Testing

@Suite("sundial rrule")
struct RRuleCLITests {
    struct Case: CustomTestStringConvertible, Sendable {
        var arguments: [String]
        var lines: [String]
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let cases: [Case] = [
        // RFC 5545 §3.8.5.3: the last Friday of the month, across the end of daylight saving time.
        Case(
            arguments: [
                "--count", "3", "DTSTART;TZID=America/New_York:19970902T090000\nRRULE:FREQ=MONTHLY;BYDAY=-1FR",
            ],
            lines: ["1997-09-26T09:00:00-04:00", "1997-10-31T09:00:00-05:00", "1997-11-28T09:00:00-05:00"]),
        // The same block with a literal \n, as it is typed in a shell without $'…'.
        Case(
            arguments: [
                "--count", "2", #"DTSTART;TZID=America/New_York:19970902T090000\nRRULE:FREQ=MONTHLY;BYDAY=-1FR"#,
            ],
            lines: ["1997-09-26T09:00:00-04:00", "1997-10-31T09:00:00-05:00"]),
        // 1 March 2025 is a Saturday.
        Case(
            arguments: [
                "--dtstart", "2025-03-01T09:30", "--tz", "Europe/Paris", "--count", "3", "FREQ=WEEKLY;BYDAY=MO,WE",
            ],
            lines: ["2025-03-03T09:30:00+01:00", "2025-03-05T09:30:00+01:00", "2025-03-10T09:30:00+01:00"]),
        // Paris moves to summer time on 30 March 2025.
        Case(
            arguments: ["--dtstart", "2025-03-28T09:30", "--tz", "Europe/Paris", "--count", "3", "FREQ=DAILY"],
            lines: ["2025-03-28T09:30:00+01:00", "2025-03-29T09:30:00+01:00", "2025-03-30T09:30:00+02:00"]),
        // All-day rules print dates; COUNT ends the rule before --count does.
        Case(
            arguments: ["DTSTART;VALUE=DATE:20250131\nRRULE:FREQ=MONTHLY;COUNT=3"],
            lines: ["2025-01-31", "2025-03-31", "2025-05-31"]),
        // --after is exclusive, --until inclusive.
        Case(
            arguments: [
                "--after", "2025-01-02T00:00:00Z", "--until", "2025-01-04T00:00:00Z",
                "DTSTART:20250101T000000Z\nRRULE:FREQ=DAILY",
            ],
            lines: ["2025-01-03T00:00:00Z", "2025-01-04T00:00:00Z"]),
    ]

    @Test("prints one RFC 3339 occurrence per line", arguments: cases)
    func occurrences(_ testCase: Case) throws {
        let result = try Sundial.run(["rrule"] + testCase.arguments)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdoutLines == testCase.lines)
        #expect(result.stderr.isEmpty)
    }

    @Test("time parts beside a DATE DTSTART are ignored, and a note says so")
    func ignoredTimeParts() throws {
        let result = try Sundial.run(
            ["rrule", "--count", "3", "DTSTART;VALUE=DATE:20241018\nRRULE:FREQ=DAILY;BYMINUTE=1,2,3,4;INTERVAL=2"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdoutLines == ["2024-10-18", "2024-10-20", "2024-10-22"])
        #expect(result.stderrLines.count == 1)
        #expect(result.stderr.hasPrefix("note: BYMINUTE ignored: DTSTART is a DATE"), "\(result.stderr)")
    }

    @Test(
        "bad input exits 2 with one line on standard error",
        arguments: [
            ["FREQ=SOMETIMES"],
            ["--count", "-1", "FREQ=DAILY"],
            ["--tz", "Mars/Olympus_Mons", "FREQ=DAILY"],
            ["--dtstart", "2025-01-01T09:00", "DTSTART:20250101T090000Z\nRRULE:FREQ=DAILY"],
            ["--bogus", "FREQ=DAILY"],
        ])
    func badInput(_ arguments: [String]) throws {
        let result = try Sundial.run(["rrule"] + arguments)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderrLines.count == 1, "stderr: \(result.stderr)")
        #expect(result.stderr.hasPrefix("error: "))
    }
}
