import Foundation
import Synchronization
import Testing
import Workflow

@testable import Actions

/// Collects what an action logs, for assertions.
final class LogRecorder: Sendable {
    private let lines = Mutex<[(LogLevel, String)]>([])

    var entries: [(LogLevel, String)] { lines.withLock { $0 } }

    func record(_ level: LogLevel, _ message: String) {
        lines.withLock { $0.append((level, message)) }
    }
}

/// Helpers shared by the action tests.
enum ActionTesting {
    static func context(_ recorder: LogRecorder = LogRecorder()) -> ActionContext {
        ActionContext(workflowID: "wf-1", executionID: "ex-1", stepName: "Step", attempt: 2) { level, message in
            recorder.record(level, message)
        }
    }

    static func run(
        _ action: any Action, _ parameters: [String: JSONValue], recorder: LogRecorder = LogRecorder()
    ) async throws -> ActionResult {
        try await action.run(ActionInvocation(parameters: parameters, context: context(recorder)))
    }

    /// Runs the action and returns the `ActionFailure` it throws; records an issue if it succeeds or throws
    /// something else.
    static func failure(
        _ action: any Action, _ parameters: [String: JSONValue], sourceLocation: SourceLocation = #_sourceLocation
    ) async -> ActionFailure? {
        do {
            let result = try await run(action, parameters)
            Issue.record("expected a failure, got \(result.output)", sourceLocation: sourceLocation)
        } catch let failure as ActionFailure {
            return failure
        } catch {
            Issue.record("expected ActionFailure, got \(error)", sourceLocation: sourceLocation)
        }
        return nil
    }

    /// A fresh empty directory, removed by the caller with `removeDirectory`.
    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "sundial-actions-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func removeDirectory(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Writes an executable script.
    static func writeScript(_ text: String, to path: String) throws {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    }

    /// Configuration with a short grace so that SIGKILL escalation tests stay fast.
    static let quickConfiguration = ActionsConfiguration(terminationGrace: .milliseconds(200))
}
