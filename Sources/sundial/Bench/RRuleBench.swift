import ArgumentParser
import Foundation
import RRule

/// `sundial bench rrule`: expansion rate and far-future `next(after:)` for a fixed rule set, against
/// python-dateutil (RRULE) and croniter (cron) run by `Scripts/oracle/bench_peer.py` in the same run.
struct RRuleBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rrule",
        abstract: "Recurrence expansion and far-future next(after:) against python-dateutil and croniter.",
        discussion: """
            For each rule of a fixed set: occurrences per second expanding --expand occurrences (or all the \
            rule has), the median of --rounds rounds; and the median and maximum time of next(after:) an \
            instant --years years after DTSTART, over --samples different instants (each the best of 3 calls). Then the same through the \
            peer script, and the ratios. Goals: expansion at least 30x the peer on every rule; next(after:) \
            far in the future at most 20 µs median and 1 ms at worst.
            """
    )

    @Option(help: "Occurrences to expand per round.")
    var expand = 100_000

    @Option(help: "Rounds of expansion; the median is reported.")
    var rounds = 5

    @Option(help: "How far after DTSTART the next(after:) instants are, in years.")
    var years = 75

    @Option(help: "Different next(after:) instants per rule.")
    var samples = 201

    @Option(help: "The peer script (python-dateutil and croniter).")
    var peer = "Scripts/oracle/bench_peer.py"

    @Flag(help: "Measure Sundial only.")
    var noPeer = false

    @Option(help: "Measure only the rules whose name contains this text.")
    var only: String?

    func run() throws {
        let rules = try BenchRule.standardSet().filter { rule in only.map { rule.name.contains($0) } ?? true }
        print("Measuring \(rules.count) rules: \(expand) occurrences × \(rounds) rounds, next(after:) \(years) years out × \(samples)…")
        var results: [String: BenchFigures] = [:]
        for rule in rules {
            results[rule.name] = measure(rule)
        }
        var peerResults: [String: PeerFigures] = [:]
        if !noPeer {
            print("Running the peer (\(peer))…")
            peerResults = try runPeer(rules)
        }
        printTable(rules: rules, ours: results, peer: peerResults)
    }

    private func measure(_ rule: BenchRule) -> BenchFigures {
        let clock = ContinuousClock()
        var rates: [Double] = []
        var produced = 0
        for _ in 0..<rounds {
            var count = 0
            let elapsed = clock.measure { count = expandAll(rule.recurrence, after: rule.expandAfter, limit: expand) }
            produced = count
            rates.append(Double(count) / elapsed.seconds)
        }
        let farBase = rule.far(years: years)
        var times: [Double] = []
        var checksum: Int64 = 0
        for sample in 0..<samples {
            // Spread the instants over about two years so every part of a period is hit.
            let after = farBase.adding(seconds: Int64(sample) * 314_159)
            // Best of three, so a preemption by another process does not pass for the cost of the call.
            var best = Double.infinity
            for _ in 0..<3 {
                let elapsed = clock.measure {
                    checksum &+= rule.recurrence.next(after: after)?.instant.secondsSinceEpoch ?? 0
                }
                best = min(best, elapsed.seconds * 1e6)
            }
            times.append(best)
        }
        blackHole(checksum)
        return BenchFigures(expanded: produced, perSecond: BenchSupport.median(rates), nextMedianMicros: BenchSupport.median(times),
                            nextMaxMicros: times.max() ?? 0)
    }

    private func runPeer(_ rules: [BenchRule]) throws -> [String: PeerFigures] {
        let request: [[String: Any]] = rules.map { rule in
            var entry: [String: Any] = ["name": rule.name]
            if rule.kind == "cron" {
                entry["cron"] = rule.text
                entry["start"] = rule.anchor.description
                if let zone = rule.zone { entry["tz"] = zone }
            } else {
                entry["rrule"] = rule.text
            }
            return entry
        }
        let input = String(decoding: try JSONSerialization.data(withJSONObject: ["rules": request]), as: UTF8.self)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", peer, "--rules", input, "--repeats", "\(min(samples, 21))"]
        let stdout = Pipe()
        process.standardOutput = stdout
        try process.run()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let json = try JSONSerialization.jsonObject(with: output) as? [String: Any],
            let entries = json["rules"] as? [[String: Any]]
        else {
            throw InputError("the peer script \(peer) failed (exit \(process.terminationStatus)); is python-dateutil and croniter installed? (pip install python-dateutil croniter)")
        }
        var result: [String: PeerFigures] = [:]
        for entry in entries {
            guard let name = entry["name"] as? String else { continue }
            result[name] = PeerFigures(perSecond: entry["expand_per_sec"] as? Double,
                                       nextMedianMicros: entry["next_far_median_us"] as? Double)
        }
        return result
    }

    private func printTable(rules: [BenchRule], ours: [String: BenchFigures], peer: [String: PeerFigures]) {
        let header = ["rule", "peer", "expanded", "occ/s", "peer occ/s", "×", "next µs p50", "next µs max",
                      "peer µs p50", "×"]
        var rows: [[String]] = []
        for rule in rules {
            guard let figures = ours[rule.name] else { continue }
            let other = peer[rule.name]
            rows.append([
                rule.name, rule.kind == "cron" ? "croniter" : "dateutil", "\(figures.expanded)",
                format(figures.perSecond), other?.perSecond.map(format) ?? "–",
                other?.perSecond.map { String(format: "%.0f", figures.perSecond / $0) } ?? "–",
                String(format: "%.2f", figures.nextMedianMicros), String(format: "%.1f", figures.nextMaxMicros),
                other?.nextMedianMicros.map { String(format: "%.0f", $0) } ?? "–",
                other?.nextMedianMicros.map { String(format: "%.0f", $0 / figures.nextMedianMicros) } ?? "–",
            ])
        }
        let widths = header.indices.map { column in
            max(header[column].count, rows.map { $0[column].count }.max() ?? 0)
        }
        func line(_ cells: [String]) -> String {
            "| " + cells.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
                .joined(separator: " | ") + " |"
        }
        print(line(header))
        print("|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|")
        for row in rows { print(line(row)) }
    }

    private func format(_ rate: Double) -> String {
        rate >= 1e6 ? String(format: "%.2fM", rate / 1e6) : rate >= 1e3 ? String(format: "%.1fk", rate / 1e3)
            : String(format: "%.0f", rate)
    }
}

/// Walks up to `limit` occurrences; generic so the walk is specialised, not dispatched through an existential.
func expandAll<R: Recurrence>(_ recurrence: R, after: Instant?, limit: Int) -> Int {
    var count = 0
    var checksum: Int64 = 0
    for occurrence in recurrence.occurrences(after: after) {
        checksum &+= occurrence.instant.secondsSinceEpoch
        count += 1
        if count == limit { break }
    }
    blackHole(checksum)
    return count
}

struct BenchFigures {
    var expanded: Int
    var perSecond: Double
    var nextMedianMicros: Double
    var nextMaxMicros: Double
}

struct PeerFigures {
    var perSecond: Double?
    var nextMedianMicros: Double?
}

/// Keeps a computed value alive so the optimizer cannot drop the work that produced it.
@inline(never)
func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}
