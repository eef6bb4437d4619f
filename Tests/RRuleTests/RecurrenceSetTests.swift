import Testing

@testable import RRule

@Suite struct RecurrenceSetTests {
    private func lines(_ text: String, after: Instant? = nil, count: Int = 10, policy: DSTPolicy = .rfc5545) throws
        -> [String]
    {
        try RecurrenceSet(parsing: text, dstPolicy: policy).occurrences(after: after).prefix(count).map(\.rfc3339)
    }

    @Test func dtstartIsAnOccurrenceOnlyWhenTheRuleNamesIt() throws {
        // 2025-03-01 is a Saturday; the rule names Mondays only.
        #expect(try lines("DTSTART:20250301T090000Z\nRRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=2")
            == ["2025-03-03T09:00:00Z", "2025-03-10T09:00:00Z"])
    }

    @Test func aSetWithoutRulesIsItsStartAndDates() throws {
        #expect(try lines("DTSTART:20250301T090000Z\nRDATE:20250305T120000Z,20250302T000000Z")
            == ["2025-03-01T09:00:00Z", "2025-03-02T00:00:00Z", "2025-03-05T12:00:00Z"])
    }

    @Test func invalidDatesAreDroppedAndDoNotCount() throws {
        #expect(try lines("DTSTART:20250131T080000\nRRULE:FREQ=MONTHLY;COUNT=3")
            == ["2025-01-31T08:00:00", "2025-03-31T08:00:00", "2025-05-31T08:00:00"])
    }

    @Test func gapTimesShiftForwardAndStillCount() throws {
        // 2025-03-09 02:30 does not exist in New York: it happens at 03:30 EDT (RFC 5545 §3.3.5, erratum 4271).
        #expect(try lines("DTSTART;TZID=America/New_York:20250308T023000\nRRULE:FREQ=DAILY;COUNT=3")
            == ["2025-03-08T02:30:00-05:00", "2025-03-09T03:30:00-04:00", "2025-03-10T02:30:00-04:00"])
    }

    @Test(arguments: [
        (DSTPolicy(gap: .shift, overlap: .first), ["2025-03-08T02:30:00-05:00", "2025-03-09T03:30:00-04:00", "2025-03-10T02:30:00-04:00"]),
        (DSTPolicy(gap: .skip, overlap: .first), ["2025-03-08T02:30:00-05:00", "2025-03-10T02:30:00-04:00"]),
    ])
    func gapPolicy(policy: DSTPolicy, expected: [String]) throws {
        #expect(try lines("DTSTART;TZID=America/New_York:20250308T023000\nRRULE:FREQ=DAILY;COUNT=3", policy: policy)
            == expected)
    }

    @Test(arguments: [
        (DSTPolicy.Overlap.first, ["2025-11-01T01:30:00-04:00", "2025-11-02T01:30:00-04:00", "2025-11-03T01:30:00-05:00"]),
        (.last, ["2025-11-01T01:30:00-04:00", "2025-11-02T01:30:00-05:00", "2025-11-03T01:30:00-05:00"]),
        (.both, ["2025-11-01T01:30:00-04:00", "2025-11-02T01:30:00-04:00", "2025-11-02T01:30:00-05:00", "2025-11-03T01:30:00-05:00"]),
    ])
    func overlapPolicy(overlap: DSTPolicy.Overlap, expected: [String]) throws {
        let text = "DTSTART;TZID=America/New_York:20251101T013000\nRRULE:FREQ=DAILY;COUNT=3"
        #expect(try lines(text, policy: DSTPolicy(gap: .shift, overlap: overlap)) == expected)
    }

    @Test func shiftedTimesLandingOnAnotherOccurrenceComeOnceAndInOrder() throws {
        // Every 30 minutes across the spring-forward gap: 02:00 and 02:30 shift onto 03:00 and 03:30.
        let text = "DTSTART;TZID=America/New_York:20250309T013000\nRRULE:FREQ=MINUTELY;INTERVAL=30;COUNT=6"
        #expect(try lines(text) == [
            "2025-03-09T01:30:00-05:00", "2025-03-09T03:00:00-04:00", "2025-03-09T03:30:00-04:00",
            "2025-03-09T04:00:00-04:00",
        ])
    }

    @Test func bothOverlapInstantsAreOrderedAmongNeighbours() throws {
        let text = "DTSTART;TZID=America/New_York:20251102T010000\nRRULE:FREQ=MINUTELY;INTERVAL=30;COUNT=3"
        let policy = DSTPolicy(gap: .shift, overlap: .both)
        #expect(try lines(text, policy: policy) == [
            "2025-11-02T01:00:00-04:00", "2025-11-02T01:30:00-04:00", "2025-11-02T01:00:00-05:00",
            "2025-11-02T01:30:00-05:00", "2025-11-02T02:00:00-05:00",
        ])
    }

    @Test func exdatesRemoveInstantsAndWholeDays() throws {
        let text = """
            DTSTART;TZID=Europe/Paris:20250301T090000
            RRULE:FREQ=DAILY;COUNT=5
            EXDATE;TZID=Europe/Paris:20250302T090000
            EXDATE;VALUE=DATE:20250304
            """
        #expect(try lines(text) == ["2025-03-01T09:00:00+01:00", "2025-03-03T09:00:00+01:00", "2025-03-05T09:00:00+01:00"])
    }

    @Test func untilIsInclusiveAndInUTCForZonedStarts() throws {
        let text = "DTSTART;TZID=Europe/Paris:20250301T090000\nRRULE:FREQ=DAILY;UNTIL=20250303T080000Z"
        #expect(try lines(text) == ["2025-03-01T09:00:00+01:00", "2025-03-02T09:00:00+01:00", "2025-03-03T09:00:00+01:00"])
    }

    @Test func dateValuedSetsPrintDates() throws {
        #expect(try lines("DTSTART;VALUE=DATE:20250101\nRRULE:FREQ=YEARLY;COUNT=2") == ["2025-01-01", "2026-01-01"])
    }

    /// RFC 5545 §3.3.10: BYHOUR, BYMINUTE and BYSECOND beside a DATE DTSTART "MUST be ignored" (libical's test).
    @Test func timePartsBesideADateStartAreIgnored() throws {
        let text = "DTSTART;VALUE=DATE:20241018\nRRULE:FREQ=DAILY;BYMINUTE=1,2,3,4;INTERVAL=2"
        #expect(try lines(text, count: 3) == ["2024-10-18", "2024-10-20", "2024-10-22"])
        #expect(try RecurrenceSet(parsing: text).ignoredTimeParts == ["BYMINUTE"])
        let all = "DTSTART;VALUE=DATE:20241018\nRRULE:FREQ=WEEKLY;BYSECOND=5;BYHOUR=9;COUNT=2"
        #expect(try lines(all) == ["2024-10-18", "2024-10-25"])
        #expect(try RecurrenceSet(parsing: all).ignoredTimeParts == ["BYHOUR", "BYSECOND"])
        #expect(try RecurrenceSet(parsing: "DTSTART:20241018T090000Z\nRRULE:FREQ=DAILY;BYMINUTE=5").ignoredTimeParts == [])
    }

    @Test func literalBackslashNSeparatesLines() throws {
        #expect(try lines(#"DTSTART:20250301T090000Z\nRRULE:FREQ=DAILY;COUNT=1"#) == ["2025-03-01T09:00:00Z"])
    }

    @Test func foldedLinesAreUnfolded() throws {
        #expect(try lines("DTSTART:20250301T090000Z\r\nRRULE:FREQ=DAILY;\r\n COUNT=2") == ["2025-03-01T09:00:00Z", "2025-03-02T09:00:00Z"])
    }

    @Test func afterJumpsWithoutWalkingAndMatchesAWalk() throws {
        let set = try RecurrenceSet(parsing: "DTSTART;TZID=Europe/Paris:19700101T093000\nRRULE:FREQ=WEEKLY;INTERVAL=3;BYDAY=TU,SA")
        let after = Instant(secondsSinceEpoch: 4_102_444_800)  // 2100-01-01
        let jumped = set.occurrences(after: after).prefix(5).map(\.rfc3339)
        #expect(jumped.first == "2100-01-02T09:30:00+01:00")  // python-dateutil agrees
        // The same answer by walking from the start with a COUNT large enough not to end first.
        let walked = try RecurrenceSet(parsing: "DTSTART;TZID=Europe/Paris:19700101T093000\nRRULE:FREQ=WEEKLY;INTERVAL=3;BYDAY=TU,SA;COUNT=9000")
            .occurrences(after: after).prefix(5).map(\.rfc3339)
        #expect(jumped == walked)
    }

    @Test(arguments: [
        "DTSTART:20250101T000000Z\nRRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
        "DTSTART:20250101T000000Z\nRRULE:FREQ=DAILY;BYMONTH=4;BYMONTHDAY=31",
        "DTSTART:20250101T000000Z\nRRULE:FREQ=MONTHLY;BYDAY=MO;BYSETPOS=6",
        "DTSTART:20250101T000000Z\nRRULE:FREQ=HOURLY;INTERVAL=2;BYHOUR=3",
        "DTSTART:20250101T000000Z\nRRULE:FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30",
        "DTSTART:20250101T000000Z\nRRULE:FREQ=WEEKLY;INTERVAL=2;BYMONTH=2;BYDAY=MO;BYSETPOS=2",
    ])
    func rulesThatCanNeverMatchEnd(text: String) throws {
        #expect(try lines(text).isEmpty)
    }

    @Test func rareRulesAnswer() throws {
        // February 29 that is a Monday: 2016, 2044, 2072.
        #expect(try lines("DTSTART:20150101T000000Z\nRRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO", count: 3)
            == ["2016-02-29T00:00:00Z", "2044-02-29T00:00:00Z", "2072-02-29T00:00:00Z"])
    }

    @Test func printsCanonicallyAndParsesBack() throws {
        let text = """
            RDATE:20250310T100000Z
            dtstart;tzid=Europe/Paris:20250301T093000
            RRULE:FREQ=MONTHLY;BYDAY=-1FR
            EXDATE;TZID=Europe/Paris:20250328T093000,20250131T093000
            RRULE:FREQ=YEARLY;BYMONTH=1
            """
        let set = try RecurrenceSet(parsing: text)
        #expect(set.description == """
            DTSTART;TZID=Europe/Paris:20250301T093000
            RRULE:FREQ=MONTHLY;BYDAY=-1FR
            RRULE:FREQ=YEARLY;BYMONTH=1
            RDATE:20250310T100000Z
            EXDATE;TZID=Europe/Paris:20250131T093000,20250328T093000
            """)
        #expect(try RecurrenceSet(parsing: set.description) == set)
    }

    @Test(arguments: [
        ("DTSTART:20250301T090000\nRRULE:FREQ=DAILY;UNTIL=20250310T000000Z", "UNTIL"),
        ("DTSTART;TZID=Europe/Paris:20250301T090000\nRRULE:FREQ=DAILY;UNTIL=20250310T000000", "UNTIL"),
        ("DTSTART;VALUE=DATE:20250301\nRRULE:FREQ=DAILY;UNTIL=20250310T000000Z", "UNTIL"),
        ("DTSTART;VALUE=DATE:20250301\nRRULE:FREQ=HOURLY", "FREQ"),
        ("DTSTART;TZID=Mars/Olympus:20250301T090000\nRRULE:FREQ=DAILY", "DTSTART"),
        ("DTSTART:20250301T090000Z\nDTSTART:20250302T090000Z\nRRULE:FREQ=DAILY", "DTSTART"),
        ("DTSTART:20250301T090000Z\nEXRULE:FREQ=DAILY", "EXRULE"),
        ("DTSTART:20250301T090000Z\nSUMMARY:standup", "SUMMARY"),
        ("DTSTART:2025-03-01\nRRULE:FREQ=DAILY", "DTSTART"),
        ("DTSTART:20250301T250000Z\nRRULE:FREQ=DAILY", "DTSTART"),
        ("DTSTART;TZID=Europe/Paris:20250301T090000Z\nRRULE:FREQ=DAILY", "DTSTART"),
        ("RRULE:FREQ=DAILY", "DTSTART"),
        ("DTSTART:20250301T090000\nRRULE:FREQ=DAILY\nRDATE:20250305T090000Z", "RDATE"),
    ])
    func rejectsSetsThatDoNotFitTogether(text: String, part: String) {
        #expect {
            try RecurrenceSet(parsing: text)
        } throws: { error in
            (error as? RecurrenceError)?.part == part
        }
    }

    @Test func anAfterInstantInARepeatedHourKeepsItsPass() throws {
        // Santiago fell back from 24:00 to 23:00 on 1996-03-09; 03:18:06Z is 23:18:06 in the second pass, after
        // every first-pass occurrence of this rule.
        let set = try RecurrenceSet(parsing: "DTSTART;TZID=America/Santiago:19960309T233500\nRRULE:FREQ=MINUTELY;COUNT=5")
        let after = try DateTimeValue.parseInput("1996-03-10T03:18:06Z", zone: set.zone, part: "--after")
        #expect(set.occurrences(after: after.instant(policy: set.dstPolicy)).prefix(5).map(\.rfc3339).isEmpty)
    }

    @Test func timeInputForms() throws {
        let paris = try Zone(identifier: "Europe/Paris")
        #expect(try DateTimeValue.parseInput("2025-03-01T09:30:00Z", zone: nil, part: "t").iCalendarValue == "20250301T093000Z")
        #expect(try DateTimeValue.parseInput("2025-03-01T09:30:00+01:00", zone: nil, part: "t").iCalendarValue == "20250301T083000Z")
        #expect(try DateTimeValue.parseInput("2025-03-01T09:30", zone: paris, part: "t") == DateTimeValue(local: CivilDateTime(year: 2025, month: 3, day: 1, hour: 9, minute: 30), form: .zoned(paris)))
        #expect(try DateTimeValue.parseInput("20250301T093000", zone: nil, part: "t").form == .floating)
        #expect(try DateTimeValue.parseInput("2025-03-01", zone: nil, part: "t").form == .date)
        #expect(throws: RecurrenceError.self) { try DateTimeValue.parseInput("yesterday", zone: nil, part: "t") }
        #expect(throws: RecurrenceError.self) { try DateTimeValue.parseInput("2025-02-30T00:00:00Z", zone: nil, part: "t") }
    }
}
