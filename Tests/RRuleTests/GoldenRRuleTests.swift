import RRule
import Testing

/// Replays `Corpus/dateutil.jsonl`: random RFC 5545 recurrence sets expanded by python-dateutil and normalised
/// to Sundial's DST rules (`Scripts/oracle/rrule_oracle.py`).
@Suite struct GoldenRRuleTests {
    /// One corpus line.
    struct Case: Decodable {
        let id: Int
        /// `DTSTART…\nRRULE:…` with optional `RDATE`/`EXDATE` lines.
        let text: String
        /// Occurrences must be strictly after this RFC 3339 UTC instant; `nil` means from the start.
        let after: String?
        let count: Int
        let expected: [String]
    }

    @Test func matchesDateutil() throws {
        let cases = try GoldenCorpus.load("dateutil", as: Case.self)
        #expect(cases.count >= 2_000)
        var failures: [String] = []
        for golden in cases {
            let actual: [String]
            do {
                let recurrence = try RecurrenceSet(parsing: golden.text)
                let after = try golden.after.map(GoldenCorpus.instant(rfc3339:))
                actual = recurrence.occurrences(after: after).prefix(golden.count).map(\.rfc3339)
            } catch {
                actual = ["error: \(error)"]
            }
            if actual != golden.expected {
                failures.append(
                    GoldenCorpus.describe(
                        id: golden.id, input: golden.text, after: golden.after, expected: golden.expected,
                        actual: actual))
            }
        }
        // Compare the count, not the array, so a failure prints the readable summary rather than every case.
        let mismatches = failures.count
        #expect(mismatches == 0, "\(GoldenCorpus.summary(failures, total: cases.count))")
    }
}
