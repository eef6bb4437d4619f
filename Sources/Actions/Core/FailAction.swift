import Workflow

/// `sundial.fail`: fails the step on purpose with `message` and an optional `code` (default `workflow.fail`).
///
/// Lets a workflow stop a branch with a reason of its own, e.g. after a check found a problem.
public struct FailAction: Action {
    public static let id = "sundial.fail"
    public static let defaultCode = "workflow.fail"

    public init() {}

    public var descriptor: ActionDescriptor {
        ActionDescriptor(
            id: Self.id, description: "Fails the step with a message.",
            parameters: [
                ActionParameter(
                    name: "message", type: "string", required: true, description: "Why the step failed."),
                ActionParameter(
                    name: "code", type: "string", defaultValue: .string(Self.defaultCode),
                    description: "A machine-readable failure code."),
            ])
    }

    public func run(_ invocation: ActionInvocation) async throws -> ActionResult {
        let parameters = ActionParameters(invocation.parameters, actionID: Self.id)
        let message = try parameters.requiredString("message")
        let code = try parameters.string("code") ?? Self.defaultCode
        guard !code.isEmpty else { throw parameters.invalid("code", "a non-empty string", got: .string(code)) }
        throw ActionFailure(code: code, message: message)
    }
}
