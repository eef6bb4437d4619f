import Testing

@testable import RRule

@Suite struct RecurrenceRuleParsingTests {
    @Test(arguments: [
        ("FREQ=DAILY", "FREQ=DAILY"),
        ("freq=weekly;byday=mo,we;wkst=su", "FREQ=WEEKLY;BYDAY=MO,WE;WKST=SU"),
        ("RRULE:FREQ=MONTHLY;BYDAY=-1FR,+2MO,TU", "FREQ=MONTHLY;BYDAY=TU,-1FR,2MO"),
        ("FREQ=YEARLY;INTERVAL=1;BYMONTH=3,1,3;WKST=MO", "FREQ=YEARLY;BYMONTH=1,3"),
        ("FREQ=HOURLY;INTERVAL=4;COUNT=9;BYSECOND=5;BYMINUTE=0,30", "FREQ=HOURLY;INTERVAL=4;COUNT=9;BYSECOND=5;BYMINUTE=0,30"),
        ("FREQ=YEARLY;UNTIL=20301231T000000Z;BYWEEKNO=20,-1;BYDAY=MO", "FREQ=YEARLY;UNTIL=20301231T000000Z;BYDAY=MO;BYWEEKNO=-1,20"),
        ("FREQ=MONTHLY;BYMONTHDAY=-1,1;BYSETPOS=-1", "FREQ=MONTHLY;BYMONTHDAY=-1,1;BYSETPOS=-1"),
        ("FREQ=SECONDLY;BYYEARDAY=-366,366;", "FREQ=SECONDLY;BYYEARDAY=-366,366"),
    ])
    func parsesToCanonicalForm(text: String, canonical: String) throws {
        let rule = try RecurrenceRule(parsing: text)
        #expect(rule.description == canonical)
        #expect(try RecurrenceRule(parsing: rule.description) == rule)
    }

    @Test(arguments: [
        ("", "rrule.syntax", "FREQ"),
        ("INTERVAL=2", "rrule.syntax", "FREQ"),
        ("FREQ=FORTNIGHTLY", "rrule.syntax", "FREQ"),
        ("FREQ=DAILY;FREQ=WEEKLY", "rrule.syntax", "FREQ"),
        ("FREQ=DAILY;COLOR=RED", "rrule.syntax", "COLOR"),
        ("FREQ=DAILY;INTERVAL=0", "rrule.outOfRange", "INTERVAL"),
        ("FREQ=DAILY;INTERVAL=x", "rrule.syntax", "INTERVAL"),
        ("FREQ=DAILY;COUNT=0", "rrule.outOfRange", "COUNT"),
        ("FREQ=DAILY;COUNT=99999999", "rrule.outOfRange", "COUNT"),
        ("FREQ=DAILY;COUNT=3;UNTIL=20250101T000000Z", "rrule.notAllowed", "COUNT"),
        ("FREQ=DAILY;BYHOUR=24", "rrule.outOfRange", "BYHOUR"),
        ("FREQ=DAILY;BYMINUTE=60", "rrule.outOfRange", "BYMINUTE"),
        ("FREQ=DAILY;BYSECOND=61", "rrule.outOfRange", "BYSECOND"),
        ("FREQ=MONTHLY;BYMONTHDAY=0", "rrule.outOfRange", "BYMONTHDAY"),
        ("FREQ=MONTHLY;BYMONTHDAY=32", "rrule.outOfRange", "BYMONTHDAY"),
        ("FREQ=YEARLY;BYYEARDAY=367", "rrule.outOfRange", "BYYEARDAY"),
        ("FREQ=YEARLY;BYWEEKNO=54", "rrule.outOfRange", "BYWEEKNO"),
        ("FREQ=YEARLY;BYMONTH=13", "rrule.outOfRange", "BYMONTH"),
        ("FREQ=MONTHLY;BYDAY=XX", "rrule.syntax", "BYDAY"),
        ("FREQ=MONTHLY;BYDAY=0MO", "rrule.outOfRange", "BYDAY"),
        ("FREQ=MONTHLY;BYDAY=6MO", "rrule.outOfRange", "BYDAY"),
        ("FREQ=WEEKLY;BYDAY=1MO", "rrule.notAllowed", "BYDAY"),
        ("FREQ=DAILY;BYDAY=-1FR", "rrule.notAllowed", "BYDAY"),
        ("FREQ=YEARLY;BYWEEKNO=1;BYDAY=1MO", "rrule.notAllowed", "BYDAY"),
        ("FREQ=MONTHLY;BYWEEKNO=1", "rrule.notAllowed", "BYWEEKNO"),
        ("FREQ=DAILY;BYYEARDAY=1", "rrule.notAllowed", "BYYEARDAY"),
        ("FREQ=MONTHLY;BYYEARDAY=1", "rrule.notAllowed", "BYYEARDAY"),
        ("FREQ=WEEKLY;BYMONTHDAY=1", "rrule.notAllowed", "BYMONTHDAY"),
        ("FREQ=DAILY;BYSETPOS=1", "rrule.notAllowed", "BYSETPOS"),
        ("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=0", "rrule.outOfRange", "BYSETPOS"),
        ("FREQ=DAILY;WKST=XY", "rrule.syntax", "WKST"),
        ("FREQ=DAILY;UNTIL=20250230", "rrule.outOfRange", "UNTIL"),
        ("FREQ=DAILY;BYHOUR", "rrule.syntax", "RRULE"),
        ("FREQ=DAILY;BYHOUR=", "rrule.syntax", "BYHOUR"),
    ])
    func rejectsWithPartAndCode(text: String, code: String, part: String) {
        #expect {
            try RecurrenceRule(parsing: text)
        } throws: { error in
            guard let error = error as? RecurrenceError else { return false }
            return error.code == code && error.part == part && !error.message.isEmpty
        }
    }

    @Test func rejectsAbsurdLists() {
        let long = (0..<500).map { _ in "1" }.joined(separator: ",")
        #expect(throws: RecurrenceError.self) { try RecurrenceRule(parsing: "FREQ=YEARLY;BYYEARDAY=\(long)") }
    }

    @Test func messagesSayWhatIsAccepted() throws {
        do {
            _ = try RecurrenceRule(parsing: "FREQ=DAILY;BYHOUR=25")
            Issue.record("expected an error")
        } catch {
            #expect(error.message == "BYHOUR value 25 is out of range: expected 0 to 23")
        }
    }
}
