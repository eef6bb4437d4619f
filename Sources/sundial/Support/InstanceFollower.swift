import Agent
import ArgumentParser
import Foundation
import Workflow

/// Follows an execution over the agent's event stream (`GET …/instances/{id}/events`): prints each step as it starts
/// and ends, then the final status — or, with `json`, every event as one JSON object per line. The stream replays
/// the execution from its start, so no step is missed however fast it ran.
struct InstanceFollower {
    var client: AgentClient
    var workflow: String
    var instance: String
    /// One JSON object per event (`{"event": …, "data": …}`) instead of text.
    var json = false

    /// Returns when the execution has ended; throws exit status 1 unless it succeeded.
    func follow() async throws {
        var status: String?
        do {
            try await client.events("/api/v2/workflows/\(workflow)/instances/\(instance)/events") { event in
                if json {
                    print(Self.jsonLine(event))
                } else if let line = Self.line(for: event) {
                    print(line)
                }
                if event.name == "execution.finished" {
                    status = event.data["data"]?["attributes"]?["status"]?.stringValue
                    return false
                }
                return true
            }
        } catch let error as AgentClientError {
            printError("error: \(error.description)")
            throw ExitCode.failure
        }
        guard let status else {
            printError("error: the agent ended the event stream of \(instance) before the execution ended")
            throw ExitCode.failure
        }
        if status != "Successful" { throw ExitCode.failure }
    }

    /// `{"data": …, "event": …}` on one line.
    static func jsonLine(_ event: ServerSentEvent) -> String {
        (try? JSONValue.object(["event": .string(event.name), "data": event.data]).jsonText()) ?? "{}"
    }

    /// The text for one event, or `nil` for the ones text mode does not show.
    static func line(for event: ServerSentEvent) -> String? {
        switch event.name {
        case "step.started":
            return event.data["stepName"]?.stringValue.map { "▶ \($0)" }
        case "step.attempt":
            // A failed attempt that a retry follows.
            guard let attempt = event.data["attempt"], attempt["outcome"]?.stringValue != "succeeded",
                let step = event.data["stepName"]?.stringValue
            else { return nil }
            let number = attempt["number"]?.intValue ?? 0
            return "↻ \(step) attempt \(number) \(attempt["outcome"]?.stringValue ?? "")"
                + (attempt["error"]?["message"]?.stringValue.map { ": \($0)" } ?? "")
        case "step.finished":
            let step = event.data["step"]
            guard let name = step?["name"]?.stringValue, let status = step?["status"]?.stringValue else { return nil }
            return line(name: name, status: status, error: step?["error"]?["message"]?.stringValue)
        case "execution.finished":
            let attributes = event.data["data"]?["attributes"]
            var text = "Status: \(attributes?["status"]?.stringValue ?? "?")"
            if let message = attributes?["error"]?["message"]?.stringValue { text += "\nError: \(message)" }
            return text
        default:
            return nil
        }
    }

    static func line(name: String, status: String, error: String?) -> String {
        switch status {
        case "Running": "▶ \(name)"
        case "Successful": "✔ \(name)"
        case "Skipped": "- \(name) skipped"
        default: "✘ \(name) \(status)" + (error.map { ": \($0)" } ?? "")
        }
    }
}
