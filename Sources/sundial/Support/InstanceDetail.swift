import Foundation
import Workflow

/// `sundial instances get`'s text: the execution's status and times, a table of its steps (status, duration,
/// attempts, output cut to one short line, error) and its log lines in time order.
struct InstanceDetail {
    /// The widest an output or error cell gets before it is cut with `…`.
    static let cellWidth = 60

    var document: JSONValue

    var text: String {
        let data = document["data"]
        let attributes = data?["attributes"]
        var lines: [String] = []
        func add(_ label: String, _ value: String?) {
            if let value, !value.isEmpty { lines.append(label.padding(toLength: 10, withPad: " ", startingAt: 0) + value) }
        }
        add("Instance", data?["id"]?.stringValue)
        let workflow = [attributes?["workflowName"]?.stringValue, attributes?["workflowId"]?.stringValue.map { "(\($0))" }]
        add("Workflow", workflow.compactMap { $0 }.joined(separator: " "))
        add("Status", attributes?["status"]?.stringValue)
        add("Trigger", attributes?["trigger"]?.stringValue ?? "manual")
        add("Created", attributes?["createdAt"]?.stringValue)
        add("Started", attributes?["startedAt"]?.stringValue)
        add("Finished", attributes?["finishedAt"]?.stringValue)
        add("Duration", Self.duration(attributes?["startedAt"], attributes?["finishedAt"]))
        add("Callback", attributes?["callback"]?.stringValue)
        if let error = attributes?["error"] {
            add("Error", [error["code"]?.stringValue, error["message"]?.stringValue].compactMap { $0 }.joined(separator: ": "))
        }
        let steps = attributes?["steps"]?.arrayValue ?? []
        if !steps.isEmpty {
            lines.append("")
            lines.append(
                Table.render(
                    header: ["STEP", "STATUS", "DURATION", "ATTEMPTS", "OUTPUT", "ERROR"],
                    rows: steps.map { step in
                        [
                            step["name"]?.stringValue ?? "", step["status"]?.stringValue ?? "",
                            Self.duration(step["startedAt"], step["finishedAt"]) ?? "",
                            String(step["attempts"]?.arrayValue?.count ?? 0),
                            step["output"].map { Self.cut(Self.compact($0)) } ?? "",
                            step["error"]?["message"]?.stringValue.map(Self.cut) ?? "",
                        ]
                    }))
        }
        let logs = Self.logLines(attributes)
        if !logs.isEmpty {
            lines.append("")
            lines.append("Log:")
            lines += logs
        }
        return lines.joined(separator: "\n")
    }

    /// Every log line of the execution and its steps, oldest first: `time level [step#attempt] message`.
    static func logLines(_ attributes: JSONValue?) -> [String] {
        var entries: [(time: String, text: String)] = []
        func collect(_ line: JSONValue, step: String?) {
            let time = line["time"]?.stringValue ?? ""
            let level = line["level"]?.stringValue ?? ""
            let where_ = (line["stepName"]?.stringValue ?? step).map { name in
                "[" + name + (line["attempt"]?.intValue.map { "#\($0)" } ?? "") + "] "
            } ?? ""
            let message = (line["message"]?.stringValue ?? "").trimmingCharacters(in: .newlines)
            entries.append((time, "  \(time) \(level.padding(toLength: 7, withPad: " ", startingAt: 0)) \(where_)\(message)"))
        }
        for line in attributes?["logs"]?.arrayValue ?? [] { collect(line, step: nil) }
        for step in attributes?["steps"]?.arrayValue ?? [] {
            for line in step["logs"]?.arrayValue ?? [] { collect(line, step: step["name"]?.stringValue) }
        }
        // RFC 3339 UTC times with milliseconds sort as text; a stable sort keeps each source's order on ties.
        return entries.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }
            .map(\.element.text)
    }

    /// `1.25 s`, `340 ms`, `2 min 5 s` between two RFC 3339 times, or `nil` when either is missing.
    static func duration(_ start: JSONValue?, _ end: JSONValue?) -> String? {
        guard let start = start?.stringValue.flatMap(parse), let end = end?.stringValue.flatMap(parse) else {
            return nil
        }
        let millis = Int(((end.timeIntervalSince(start)) * 1000).rounded())
        if millis < 1000 { return "\(millis) ms" }
        if millis < 60_000 { return String(format: "%.2f s", Double(millis) / 1000) }
        let seconds = millis / 1000
        if seconds < 3600 { return "\(seconds / 60) min \(seconds % 60) s" }
        return "\(seconds / 3600) h \(seconds % 3600 / 60) min"
    }

    static func parse(_ text: String) -> Date? {
        (try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
            ?? (try? Date(text, strategy: .iso8601))
    }

    /// One-line JSON text of `value` (sorted keys).
    static func compact(_ value: JSONValue) -> String {
        (try? value.jsonText()) ?? "\(value)"
    }

    /// `text` on one line, at most `cellWidth` characters (`…` marks a cut).
    static func cut(_ text: String) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: "⏎")
        return flat.count <= cellWidth ? flat : String(flat.prefix(cellWidth - 1)) + "…"
    }
}
