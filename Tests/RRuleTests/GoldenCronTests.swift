import RRule
import Testing

/// Replays `Corpus/croniter.jsonl`: random cron expressions answered by croniter (Vixie day rule, seconds
/// first) and resolved in their zone with Sundial's DST rules (`Scripts/oracle/cron_oracle.py`).
@Suite struct GoldenCronTests {
    /// One corpus line.
    struct Case: Decodable {
        let id: Int
        let expression: String
        /// An IANA zone name; `nil` means UTC.
        let tz: String?
        /// Occurrences must be strictly after this RFC 3339 UTC instant.
        let after: String
        let count: Int
        let expected: [String]
    }

    @Test func matchesCroniter() throws {
        let cases = try GoldenCorpus.load("croniter", as: Case.self)
        #expect(cases.count >= 1_000)
        var failures: [String] = []
        for golden in cases {
            let actual: [String]
            do {
                let zone = try golden.tz.map { try Zone(identifier: $0) } ?? .utc
                let expression = try CronExpression(parsing: golden.expression, zone: zone)
                let after = try GoldenCorpus.instant(rfc3339: golden.after)
                actual = expression.occurrences(after: after).prefix(golden.count).map(\.rfc3339)
            } catch {
                actual = ["error: \(error)"]
            }
            if actual != golden.expected {
                let input = golden.expression + (golden.tz.map { " (\($0))" } ?? " (UTC)")
                failures.append(
                    GoldenCorpus.describe(
                        id: golden.id, input: input, after: golden.after, expected: golden.expected, actual: actual))
            }
        }
        // Compare the count, not the array, so a failure prints the readable summary rather than every case.
        let mismatches = failures.count
        #expect(mismatches == 0, "\(GoldenCorpus.summary(failures, total: cases.count))")
    }
}
