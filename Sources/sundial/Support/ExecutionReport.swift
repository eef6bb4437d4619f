import Agent
import Foundation
import Workflow

/// How `sundial run` shows a finished execution: a short human summary, or the API's instance JSON.
enum ExecutionReport {
    /// `{"data": {"id", "type", "attributes": <execution>}}`, the shape of
    /// `GET /api/v2/workflows/{id}/instances/{id}`, with sorted keys.
    static func json(_ execution: Execution) throws -> String {
        try InstanceResource.prettyJSON(execution)
    }

    /// The lines printed after the steps: skipped steps, the status, the error and the outputs.
    static func summary(_ execution: Execution) -> String {
        var lines: [String] = []
        for step in execution.steps where step.status == .skipped {
            lines.append("- \(step.name) skipped")
        }
        lines.append("Status: \(execution.status.rawValue)")
        if let error = execution.error {
            let location = error.stepName.map { "\($0): " } ?? ""
            lines.append("Error: \(location)\(error.code): \(error.message)")
        }
        if !execution.outputs.isEmpty {
            lines.append("Outputs:")
            lines.append(prettyJSON(.object(execution.outputs)))
        }
        return lines.joined(separator: "\n")
    }

    /// `value` as indented JSON with sorted keys.
    static func prettyJSON(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "\(value)" }
        return String(decoding: data, as: UTF8.self)
    }

    /// A step's run time: `12 ms` below ten seconds, else `12.3 s`.
    static func duration(from start: Date?, to end: Date?) -> String {
        guard let start, let end else { return "" }
        let milliseconds = max(0, Int((end.timeIntervalSince(start) * 1000).rounded()))
        if milliseconds < 10_000 { return "\(milliseconds) ms" }
        return String(format: "%.1f s", Double(milliseconds) / 1000)
    }
}
