import Foundation
import Workflow

/// `sundial.systemd`: starts, stops, restarts or reports the status of a systemd unit through `systemctl`.
///
/// Parameters: `unit` (e.g. `nginx.service`) and `operation` (`start`, `stop`, `restart`, `status`). The output is
/// `{unit, operation, loadState, activeState, subState}` as `systemctl show` reports them after the operation.
/// On a machine whose PID 1 is not systemd, or without `systemctl`, the step fails with `systemd.unavailable`.
public struct SystemdAction: Action {
    public static let id = "sundial.systemd"
    public static let operations = ["start", "stop", "restart", "status"]
    static let properties = ["Id", "LoadState", "ActiveState", "SubState"]

    let configuration: ActionsConfiguration

    public init(configuration: ActionsConfiguration = ActionsConfiguration()) {
        self.configuration = configuration
    }

    public var descriptor: ActionDescriptor {
        ActionDescriptor(
            id: Self.id, description: "Starts, stops, restarts or reports a systemd unit.",
            parameters: [
                ActionParameter(
                    name: "unit", type: "string", required: true, description: "The unit, e.g. nginx.service."),
                ActionParameter(
                    name: "operation", type: "string", required: true, description: "start, stop, restart or status."),
            ])
    }

    public func run(_ invocation: ActionInvocation) async throws -> ActionResult {
        let (unit, operation) = try Self.validate(invocation.parameters)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: configuration.systemdRuntimeDirectory, isDirectory: &isDirectory),
            isDirectory.boolValue
        else {
            throw ActionFailure(
                code: "systemd.unavailable",
                message:
                    "systemd is not running on this machine (\(configuration.systemdRuntimeDirectory) is missing), "
                    + "so unit '\(unit)' cannot be managed; use sundial.shell with the system's service tool instead")
        }
        if operation != "status" {
            _ = try await systemctl(Self.arguments(unit: unit, operation: operation))
        }
        let shown = try await systemctl(Self.arguments(unit: unit, operation: "status"))
        var output: [String: JSONValue] = ["unit": .string(unit), "operation": .string(operation)]
        for (key, value) in Self.parseShow(shown) {
            output[key.prefix(1).lowercased() + key.dropFirst()] = .string(value)
        }
        return ActionResult(output: .object(output))
    }

    /// The `systemctl` arguments for an operation; `status` uses the machine-readable `show`.
    static func arguments(unit: String, operation: String) -> [String] {
        if operation == "status" {
            return ["show", "--property=" + properties.joined(separator: ","), "--", unit]
        }
        return ["--no-ask-password", operation, "--", unit]
    }

    /// Checks `unit` (a unit name: letters, digits and `:-_.@\`, not starting with `-`) and `operation`.
    static func validate(_ values: [String: JSONValue]) throws(ActionFailure) -> (unit: String, operation: String) {
        let parameters = ActionParameters(values, actionID: id)
        let unitExpectation = "a unit name such as \"nginx.service\" (letters, digits and :-_.@\\)"
        let unit = try parameters.requiredString("unit", expecting: unitExpectation)
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:-_.@\\")
        guard !unit.isEmpty, unit.count <= 256, !unit.hasPrefix("-"), unit.allSatisfy(allowed.contains) else {
            throw parameters.invalid("unit", unitExpectation, got: .string(unit))
        }
        let operationExpectation = "one of " + operations.joined(separator: ", ")
        let operation = try parameters.requiredString("operation", expecting: operationExpectation)
        guard operations.contains(operation) else {
            throw parameters.invalid("operation", operationExpectation, got: .string(operation))
        }
        return (unit, operation)
    }

    /// `KEY=value` lines from `systemctl show`.
    static func parseShow(_ text: String) -> [(String, String)] {
        text.split(whereSeparator: \.isNewline).compactMap { line -> (String, String)? in
            let parts = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { return nil }
            return (String(parts[0]), String(parts[1]))
        }
    }

    private func systemctl(_ arguments: [String]) async throws -> String {
        var request = ChildProcess.Request(executable: configuration.systemctl, arguments: arguments)
        request.environment = ChildProcess.baseEnvironment(from: configuration.environment)
        request.timeout = .seconds(90)
        request.terminationGrace = configuration.terminationGrace
        let outcome: ChildProcess.Outcome
        do {
            outcome = try await ChildProcess.run(request)
        } catch let error as ChildProcess.LaunchError {
            throw ActionFailure(code: "systemd.unavailable", message: "cannot run systemctl: \(error.description)")
        }
        guard !outcome.timedOut, outcome.exitCode == 0 else {
            let what = outcome.timedOut ? "did not finish within 90 s" : "exited with status \(outcome.exitCode)"
            throw ActionFailure(
                code: "systemd.failed",
                message: "systemctl \(arguments.joined(separator: " ")) \(what)" + ShellAction.stderrExcerpt(outcome),
                output: ShellAction.output(outcome))
        }
        return String(decoding: outcome.standardOutput, as: UTF8.self)
    }
}
