import Workflow

/// `sundial.shell`: runs a program with an argument vector — never through a shell — and outputs
/// `{"exitCode", "stdout", "stderr", "truncated"}`.
///
/// Each element of `command` reaches the program as exactly one argument, whatever it contains (`$(id)`, backticks,
/// `;`, newlines): a rendered template can never inject a command. To use shell syntax, say so explicitly with
/// `["/bin/sh", "-c", "…"]`. The child's environment is `PATH`, `HOME` and `LANG` from the agent plus `env`.
/// An exit code outside `successExitCodes` fails the step with code `shell.exit`; a timeout with `shell.timeout`
/// (the process group gets `SIGTERM`, then `SIGKILL` after the configured grace).
public struct ShellAction: Action {
    public static let id = "sundial.shell"
    public static let defaultMaxOutputBytes: Int64 = 1 << 20

    let configuration: ActionsConfiguration

    public init(configuration: ActionsConfiguration = ActionsConfiguration()) {
        self.configuration = configuration
    }

    public var descriptor: ActionDescriptor {
        ActionDescriptor(
            id: Self.id, description: "Runs a program with arguments (no shell) and captures its output.",
            parameters: [
                ActionParameter(
                    name: "command", type: "array", required: true,
                    description: "The program and its arguments, e.g. [\"systemctl\", \"is-active\", \"nginx\"]."),
                ActionParameter(name: "env", type: "object", description: "Extra environment variables."),
                ActionParameter(name: "cwd", type: "string", description: "The working directory."),
                ActionParameter(name: "stdin", type: "string", description: "Text written to standard input."),
                ActionParameter(
                    name: "timeout", type: "any", description: "Seconds, or a string such as \"30s\"; none by default."),
                ActionParameter(
                    name: "maxOutputBytes", type: "integer", defaultValue: .int(Self.defaultMaxOutputBytes),
                    description: "Bytes kept from each of stdout and stderr; the rest is discarded."),
                ActionParameter(
                    name: "successExitCodes", type: "array", defaultValue: [0],
                    description: "Exit codes that count as success."),
            ])
    }

    public func run(_ invocation: ActionInvocation) async throws -> ActionResult {
        let (request, successCodes) = try makeRequest(invocation.parameters)
        let program = request.executable
        let outcome: ChildProcess.Outcome
        do {
            outcome = try await ChildProcess.run(request)
        } catch let error as ChildProcess.LaunchError {
            throw ActionFailure(code: "shell.launch", message: error.description)
        }
        let output = Self.output(outcome)
        if outcome.timedOut {
            let seconds = request.timeout.map { "\($0.secondsValue)" } ?? "?"
            throw ActionFailure(
                code: "shell.timeout",
                message: "'\(program)' did not finish within \(seconds) s and was stopped"
                    + Self.stderrExcerpt(outcome),
                output: output)
        }
        guard successCodes.contains(Int64(outcome.exitCode)) else {
            let how =
                switch outcome.termination {
                case .exited(let code): "exited with status \(code)"
                case .signalled(let signal): "was killed by signal \(signal)"
                }
            throw ActionFailure(
                code: "shell.exit", message: "'\(program)' \(how)" + Self.stderrExcerpt(outcome), output: output)
        }
        return ActionResult(output: output)
    }

    /// The validated child-process request and the exit codes that count as success.
    /// - Throws: `ActionFailure` naming the first invalid parameter.
    func makeRequest(_ values: [String: JSONValue]) throws(ActionFailure) -> (ChildProcess.Request, [Int64]) {
        let parameters = ActionParameters(values, actionID: Self.id)
        let commandExpectation = "a non-empty array of strings (the program and its arguments)"
        guard let command = try parameters.stringArray("command", expecting: commandExpectation) else {
            throw parameters.missing("command", commandExpectation)
        }
        guard let program = command.first, !program.isEmpty else {
            throw parameters.invalid("command", commandExpectation, got: values["command"] ?? .null)
        }
        if command.contains(where: { $0.contains("\0") }) {
            throw parameters.invalid("command", "arguments without NUL characters", got: .string("<contains NUL>"))
        }
        let envExpectation = "an object of string values whose names are non-empty and contain no '=' or NUL"
        let extra = try parameters.stringMap("env", expecting: envExpectation) ?? [:]
        for (name, value) in extra
        where name.isEmpty || name.contains("=") || name.contains("\0") || value.contains("\0") {
            throw parameters.invalid("env", envExpectation, got: .string(name))
        }
        var request = ChildProcess.Request(executable: program, arguments: Array(command.dropFirst()))
        request.environment = ChildProcess.baseEnvironment(from: configuration.environment)
            .merging(extra) { _, given in given }
        request.workingDirectory = try parameters.string("cwd", expecting: "a directory path")
        request.standardInput = Array((try parameters.string("stdin", expecting: "a string") ?? "").utf8)
        request.timeout = try parameters.duration("timeout")
        let maxOutput = try parameters.integer(
            "maxOutputBytes", in: 0...(256 << 20), expecting: "an integer from 0 to 268435456")
        request.maxOutputBytes = Int(maxOutput ?? Self.defaultMaxOutputBytes)
        request.terminationGrace = configuration.terminationGrace
        let codesExpectation = "a non-empty array of integers from 0 to 255"
        var successCodes: [Int64] = [0]
        if let value = parameters["successExitCodes"] {
            guard let elements = value.arrayValue, !elements.isEmpty else {
                throw parameters.invalid("successExitCodes", codesExpectation, got: value)
            }
            successCodes = try elements.map { element throws(ActionFailure) in
                guard let code = element.intValue, (0...255).contains(code) else {
                    throw parameters.invalid("successExitCodes", codesExpectation, got: value)
                }
                return code
            }
        }
        return (request, successCodes)
    }

    static func output(_ outcome: ChildProcess.Outcome) -> JSONValue {
        [
            "exitCode": .int(Int64(outcome.exitCode)),
            "stdout": .string(String(decoding: outcome.standardOutput, as: UTF8.self)),
            "stderr": .string(String(decoding: outcome.standardError, as: UTF8.self)),
            "truncated": .bool(outcome.standardOutputTruncated || outcome.standardErrorTruncated),
        ]
    }

    /// The last few hundred characters of stderr, for a failure message.
    static func stderrExcerpt(_ outcome: ChildProcess.Outcome) -> String {
        let text = String(decoding: outcome.standardError, as: UTF8.self).trimmingSpaces()
        guard !text.isEmpty else { return "" }
        return "; stderr: " + (text.count > 400 ? "…" + text.suffix(400) : text)
    }
}
