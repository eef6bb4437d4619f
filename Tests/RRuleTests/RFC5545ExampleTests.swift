import RRule
import Testing

/// One RRULE example of RFC 5545 §3.8.5.3 with the occurrences it names.
struct RFCExample: Sendable, CustomTestStringConvertible {
    /// The RFC's caption.
    let title: String
    /// `DTSTART;TZID=America/New_York:…` and `RRULE:…` (and the example's `EXDATE`), as the RFC writes them.
    let text: String
    /// Ask for occurrences strictly after this RFC 3339 UTC instant; `nil` means from DTSTART.
    let after: String?
    /// True when `expected` is the whole rest of the recurrence set, so nothing may follow it.
    let complete: Bool
    /// RFC 3339 with the New York offset in force, transcribed from the RFC's listing.
    let expected: [String]

    init(_ title: String, _ text: String, after: String? = nil, complete: Bool, _ expected: [String]) {
        self.title = title
        self.text = text
        self.after = after
        self.complete = complete
        self.expected = expected
    }

    var testDescription: String { title }
}

/// Every RRULE example of RFC 5545 §3.8.5.3 (table in `RFC5545Examples.swift`).
///
/// The expected occurrences were transcribed from the RFC's listings (dates, and EDT/EST as offsets) and
/// cross-checked against python-dateutil with `Scripts/oracle/rfc5545_examples.py check`. Unbounded rules
/// take their first occurrences; long bounded ones are checked at both ends with `after`.
@Suite struct RFC5545ExampleTests {
    @Test(arguments: RFCExample.rfc5545)
    func example(_ example: RFCExample) throws {
        let recurrence = try RecurrenceSet(parsing: example.text)
        let after = try example.after.map(GoldenCorpus.instant(rfc3339:))
        // One more than expected for a complete set, so an occurrence past COUNT or UNTIL fails the test.
        let limit = example.expected.count + (example.complete ? 1 : 0)
        let actual = recurrence.occurrences(after: after).prefix(limit).map(\.rfc3339)
        #expect(actual == example.expected)
    }

    @Test func tableCoversEveryExample() {
        // 39 RFC examples, plus the second RRULE of the three that give two equivalent ones, plus three
        // long ones checked again further on with `after`.
        #expect(RFCExample.rfc5545.count == 45)
        #expect(Set(RFCExample.rfc5545.map(\.title)).count == RFCExample.rfc5545.count)
    }
}
