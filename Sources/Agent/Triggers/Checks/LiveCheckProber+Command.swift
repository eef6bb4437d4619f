import Actions
import Workflow

extension LiveCheckProber {
    /// Runs `argv` (no shell): healthy when it exits 0 within the timeout; a program that runs longer is stopped
    /// (its process group gets SIGTERM, then SIGKILL).
    func probe(_ command: MonitorCheck.CommandProbe, timeout: Duration) async -> CheckResult {
        var details: [String: JSONValue] = ["kind": "command", "argv": .array(command.argv.map(JSONValue.string))]
        guard let program = command.argv.first, !program.isEmpty else {
            return CheckResult(healthy: false, detail: "argv names no program", details: details)
        }
        var request = ChildProcess.Request(executable: program, arguments: Array(command.argv.dropFirst()))
        request.environment = ChildProcess.baseEnvironment(from: environment)
        request.timeout = timeout
        request.maxOutputBytes = Self.maxCapturedBytes
        request.terminationGrace = .seconds(2)
        let outcome: ChildProcess.Outcome
        do {
            outcome = try await ChildProcess.run(request)
        } catch let error as ChildProcess.LaunchError {
            details["error"] = "command.launch"
            return CheckResult(healthy: false, detail: error.description, details: details)
        } catch {
            details["error"] = "command.cancelled"
            return CheckResult(healthy: false, detail: "the check was stopped before it ended", details: details)
        }
        details["exitCode"] = .int(Int64(outcome.exitCode))
        details["stdout"] = .string(Self.excerpt(outcome.standardOutput))
        details["stderr"] = .string(Self.excerpt(outcome.standardError))
        details["timedOut"] = .bool(outcome.timedOut)
        if outcome.timedOut {
            return CheckResult(
                healthy: false, detail: "'\(program)' did not finish within \(timeout) and was stopped",
                details: details)
        }
        switch outcome.termination {
        case .exited(0):
            return CheckResult(healthy: true, detail: "'\(program)' exited 0", details: details)
        case .exited(let code):
            return CheckResult(healthy: false, detail: "'\(program)' exited with status \(code)", details: details)
        case .signalled(let signal):
            return CheckResult(healthy: false, detail: "'\(program)' was killed by signal \(signal)", details: details)
        }
    }
}
