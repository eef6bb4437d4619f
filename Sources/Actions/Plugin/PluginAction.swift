import Foundation
import Workflow

/// An external action: an executable in the actions directory, named after its action id, speaking JSON.
///
/// The plugin gets `{"parameters": {…}, "context": {"workflowId", "executionId", "stepName", "attempt"}}` on stdin
/// and answers one JSON object on stdout: `{"output": …, "branch": "…"}` (branch optional) or
/// `{"error": {"code": "…", "message": "…"}}`. Anything else — a non-zero exit without an error answer, a crash,
/// a timeout, output that is not such an object, or more output than allowed — fails the step with a message that
/// includes the end of the plugin's stderr. Plugins run like `sundial.shell` commands: no shell, `PATH`, `HOME` and
/// `LANG` only, their process group stopped on timeout or cancellation.
public struct PluginAction: Action {
    /// The path of the executable.
    public let executable: String
    public let descriptor: ActionDescriptor
    let configuration: ActionsConfiguration

    public init(executable: String, descriptor: ActionDescriptor, configuration: ActionsConfiguration) {
        self.executable = executable
        self.descriptor = descriptor
        self.configuration = configuration
    }

    public func run(_ invocation: ActionInvocation) async throws -> ActionResult {
        let context = invocation.context
        let envelope: JSONValue = [
            "parameters": .object(invocation.parameters),
            "context": [
                "workflowId": .string(context.workflowID), "executionId": .string(context.executionID),
                "stepName": .string(context.stepName), "attempt": .int(Int64(context.attempt)),
            ],
        ]
        var request = ChildProcess.Request(executable: executable)
        request.environment = ChildProcess.baseEnvironment(from: configuration.environment)
        request.standardInput = Array(try JSONEncoder().encode(envelope))
        request.timeout = configuration.pluginTimeout
        request.maxOutputBytes = configuration.maxPluginOutputBytes
        request.terminationGrace = configuration.terminationGrace
        let outcome: ChildProcess.Outcome
        do {
            outcome = try await ChildProcess.run(request)
        } catch let error as ChildProcess.LaunchError {
            throw ActionFailure(code: "plugin.launch", message: "plugin '\(descriptor.id)': \(error.description)")
        }
        let stderr = String(decoding: outcome.standardError, as: UTF8.self).trimmingSpaces()
        if !stderr.isEmpty { context.log(.info, "plugin stderr: \(stderr.suffix(2000))") }
        return try interpret(outcome)
    }

    /// Turns a finished plugin run into a result or a failure, per the protocol above.
    func interpret(_ outcome: ChildProcess.Outcome) throws(ActionFailure) -> ActionResult {
        let id = descriptor.id
        let stderr = ShellAction.stderrExcerpt(outcome)
        if outcome.timedOut {
            let seconds = configuration.pluginTimeout.secondsValue
            throw ActionFailure(
                code: "plugin.timeout",
                message: "plugin '\(id)' did not answer within \(seconds) s and was stopped\(stderr)")
        }
        if outcome.standardOutputTruncated {
            throw ActionFailure(
                code: "plugin.output",
                message:
                    "plugin '\(id)' printed more than \(configuration.maxPluginOutputBytes) bytes on stdout\(stderr)")
        }
        let answer = try? JSONDecoder().decode(JSONValue.self, from: Data(outcome.standardOutput))
        if let error = answer?["error"] {
            let code = error["code"]?.stringValue ?? "plugin.error"
            let message = error["message"]?.stringValue ?? "plugin '\(id)' reported an error without a message"
            throw ActionFailure(code: code.isEmpty ? "plugin.error" : code, message: message, output: error["output"])
        }
        if case .exited(let status) = outcome.termination, status != 0 {
            throw ActionFailure(code: "plugin.exit", message: "plugin '\(id)' exited with status \(status)\(stderr)")
        }
        if case .signalled(let signal) = outcome.termination {
            throw ActionFailure(code: "plugin.crash", message: "plugin '\(id)' was killed by signal \(signal)\(stderr)")
        }
        let protocolHint = "a JSON object {\"output\": …, \"branch\": \"…\"} or {\"error\": {\"code\", \"message\"}}"
        guard let answer, let output = answer["output"] else {
            let printed = String(decoding: outcome.standardOutput.prefix(200), as: UTF8.self)
            let what = printed.trimmingSpaces().isEmpty ? "nothing" : "'\(printed)'"
            throw ActionFailure(
                code: "plugin.garbage",
                message: "plugin '\(id)' printed \(what) on stdout; expected \(protocolHint)\(stderr)")
        }
        var branch = "main"
        if let value = answer["branch"], value != .null {
            guard let name = value.stringValue, !name.isEmpty else {
                throw ActionFailure(
                    code: "plugin.garbage", message: "plugin '\(id)' answered a 'branch' that is not a non-empty string"
                )
            }
            branch = name
        }
        return ActionResult(output: output, branch: branch)
    }
}
