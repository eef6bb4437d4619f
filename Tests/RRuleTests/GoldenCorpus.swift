import Foundation
import RRule

/// Loads the golden corpora in `Corpus/` and formats their mismatches.
///
/// The corpora are JSON Lines files written by `Scripts/oracle/*_oracle.py generate` (see `Corpus/README.md`);
/// each line is one case whose `expected` occurrences come from an independent implementation.
enum GoldenCorpus {
    /// How many mismatches a failing test lists in full.
    static let listedFailures = 20

    /// Decodes every line of `Corpus/<name>.jsonl` as a `Case`.
    ///
    /// - Throws: when the file is missing from the bundle or a line is not a valid case.
    static func load<Case: Decodable>(_ name: String, as type: Case.Type = Case.self) throws -> [Case] {
        guard let url = Bundle.module.url(forResource: name, withExtension: "jsonl", subdirectory: "Corpus") else {
            throw CorpusError(message: "Corpus/\(name).jsonl is not in the test bundle")
        }
        let text = try String(contentsOf: url, encoding: .utf8)
        let decoder = JSONDecoder()
        var cases: [Case] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            do {
                cases.append(try decoder.decode(Case.self, from: Data(line.utf8)))
            } catch {
                throw CorpusError(message: "Corpus/\(name).jsonl line \(index + 1): \(error)")
            }
        }
        return cases
    }

    /// The instant named by an RFC 3339 UTC timestamp such as `2025-03-30T07:30:00Z`.
    ///
    /// - Throws: when `text` is not exactly `YYYY-MM-DDTHH:MM:SSZ`.
    static func instant(rfc3339 text: String) throws -> Instant {
        let fields = text.split(whereSeparator: { "-T:Z".contains($0) }).map { Int($0) }
        guard text.hasSuffix("Z"), fields.count == 6, let year = fields[0], let month = fields[1],
            let day = fields[2], let hour = fields[3], let minute = fields[4], let second = fields[5]
        else {
            throw CorpusError(message: "\(text) is not an RFC 3339 UTC timestamp (YYYY-MM-DDTHH:MM:SSZ)")
        }
        let civil = CivilDateTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        return Instant(secondsSinceEpoch: civil.secondsSinceLocalEpoch)
    }

    /// One mismatch as the failure message shows it: the case, where the outputs part, and both lengths.
    static func describe(id: Int, input: String, after: String?, expected: [String], actual: [String]) -> String {
        let common = min(expected.count, actual.count)
        let firstDifference = (0..<common).first { expected[$0] != actual[$0] } ?? common
        let want = firstDifference < expected.count ? expected[firstDifference] : "(end)"
        let got = firstDifference < actual.count ? actual[firstDifference] : "(end)"
        return "case \(id) \(input.debugDescription) after \(after ?? "start"): occurrence \(firstDifference + 1) "
            + "expected \(want), got \(got) (\(expected.count) expected, \(actual.count) produced)"
    }

    /// The failure message: the first `listedFailures` mismatches and the total.
    static func summary(_ failures: [String], total: Int) -> String {
        let listed = failures.prefix(listedFailures).joined(separator: "\n")
        return "\(failures.count) of \(total) golden cases differ:\n\(listed)"
    }
}

/// A corpus file that cannot be read.
struct CorpusError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
