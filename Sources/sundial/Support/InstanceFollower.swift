import Agent
import ArgumentParser
import Foundation
import Workflow

/// Follows an execution over the API: prints each step as it starts and ends, then the final status.
struct InstanceFollower {
    var client: AgentClient
    var workflow: String
    var instance: String
    /// How often the execution is read.
    var interval: Duration = .milliseconds(200)

    /// Returns when the execution has ended; throws exit status 1 unless it succeeded.
    func follow() async throws {
        var shown: [String: String] = [:]
        while true {
            let reply = try await client.call(.get, "/api/v2/workflows/\(workflow)/instances/\(instance)")
            let attributes = reply["data"]?["attributes"]
            for step in attributes?["steps"]?.arrayValue ?? [] {
                guard let name = step["name"]?.stringValue, let status = step["status"]?.stringValue,
                    status != "Pending", shown[name] != status
                else { continue }
                shown[name] = status
                print(Self.line(name: name, status: status, error: step["error"]?["message"]?.stringValue))
            }
            let status = attributes?["status"]?.stringValue ?? "Pending"
            if ["Successful", "Failed", "Cancelled", "TimedOut"].contains(status) {
                print("Status: \(status)")
                if let message = attributes?["error"]?["message"]?.stringValue { print("Error: \(message)") }
                if status != "Successful" { throw ExitCode.failure }
                return
            }
            try await Task.sleep(for: interval)
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
