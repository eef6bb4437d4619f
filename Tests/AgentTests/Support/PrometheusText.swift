import Foundation

/// The Prometheus text format (0.0.4) read as a scraper reads it: every line is checked and an error names the
/// first that breaks the format. A family's `# HELP` and `# TYPE` come once, before its samples, which are
/// contiguous; a histogram's buckets have ascending `le` bounds ending in `+Inf`, cumulative counts, and a `+Inf`
/// count equal to `_count`.
struct PrometheusText {
    struct Sample: Equatable {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    /// Each family's type, and its help text.
    private(set) var types: [String: String] = [:]
    private(set) var help: [String: String] = [:]
    private(set) var samples: [Sample] = []

    init(_ text: String) throws {
        guard text.hasSuffix("\n") else { throw HarnessError("the exposition does not end with a line feed") }
        var current: String?
        for line in text.dropLast().split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("# HELP ") || line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ", maxSplits: 3).map(String.init)
                guard parts.count == 4, Self.isName(parts[2]) else { throw HarnessError("malformed: \(line)") }
                let (name, rest) = (parts[2], parts[3])
                if parts[1] == "HELP" {
                    guard help[name] == nil, types[name] == nil else {
                        throw HarnessError("HELP twice or late: \(line)")
                    }
                    help[name] = rest
                } else {
                    guard types[name] == nil, ["counter", "gauge", "histogram", "summary", "untyped"].contains(rest)
                    else { throw HarnessError("bad TYPE: \(line)") }
                    types[name] = rest
                }
                current = name
                continue
            }
            guard !line.hasPrefix("#") else { continue }
            let sample = try Self.sample(line)
            guard let family = current, types[family] != nil, Self.belongs(sample.name, to: family, types[family])
            else { throw HarnessError("a sample outside its family's block: \(line)") }
            samples.append(sample)
        }
        for (family, type) in types where type == "histogram" { try checkHistogram(family) }
    }

    /// The value of the sample named `name` with exactly `labels`.
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        samples.first { $0.name == name && $0.labels == labels }?.value
    }

    private func checkHistogram(_ family: String) throws {
        let buckets = samples.filter { $0.name == family + "_bucket" }
        let bounds = try buckets.map { bucket -> Double in
            guard let le = bucket.labels["le"], let bound = Double(le == "+Inf" ? "inf" : le) else {
                throw HarnessError("\(family): a bucket without a numeric le")
            }
            return bound
        }
        guard bounds.last == .infinity, zip(bounds, bounds.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw HarnessError("\(family): le bounds \(bounds) are not ascending to +Inf")
        }
        let counts = buckets.map(\.value)
        guard zip(counts, counts.dropFirst()).allSatisfy({ $0 <= $1 }) else {
            throw HarnessError("\(family): bucket counts \(counts) are not cumulative")
        }
        guard let count = value(family + "_count"), value(family + "_sum") != nil, counts.last == count else {
            throw HarnessError("\(family): +Inf bucket \(counts.last ?? -1) is not _count, or _sum is missing")
        }
    }

    private static func belongs(_ name: String, to family: String, _ type: String?) -> Bool {
        guard type == "histogram" else { return name == family }
        return ["_bucket", "_sum", "_count"].contains { name == family + $0 }
    }

    private static func isName(_ name: String) -> Bool {
        name.range(of: "^[a-zA-Z_:][a-zA-Z0-9_:]*$", options: .regularExpression) != nil
    }

    /// `name{label="value",…} value`, label values without escapes (the agent writes none).
    private static func sample(_ line: String) throws -> Sample {
        let pattern = #"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([^}]*)\})? (\S+)$"#
        guard
            let match = try NSRegularExpression(pattern: pattern).firstMatch(
                in: line, range: NSRange(line.startIndex..., in: line))
        else { throw HarnessError("malformed sample: \(line)") }
        func group(_ index: Int) -> String? {
            Range(match.range(at: index), in: line).map { String(line[$0]) }
        }
        var labels: [String: String] = [:]
        for pair in (group(3) ?? "").split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, isName(parts[0]), parts[1].count >= 2, parts[1].hasPrefix("\""),
                parts[1].hasSuffix("\""), labels[parts[0]] == nil
            else { throw HarnessError("malformed label in: \(line)") }
            labels[parts[0]] = String(parts[1].dropFirst().dropLast())
        }
        let text = group(4) ?? ""
        let value = ["+Inf": Double.infinity, "-Inf": -Double.infinity, "NaN": Double.nan][text] ?? Double(text)
        guard let name = group(1), let value else { throw HarnessError("malformed value in: \(line)") }
        return Sample(name: name, labels: labels, value: value)
    }
}
