import Workflow

/// `com.datadoghq.core.noop`: does nothing and succeeds with an empty output.
///
/// Useful as a join point in a step graph or as a placeholder a user fills in later.
public struct NoopAction: Action {
    public static let id = "com.datadoghq.core.noop"

    public init() {}

    public var descriptor: ActionDescriptor {
        ActionDescriptor(id: Self.id, description: "Does nothing and succeeds with an empty output.")
    }

    public func run(_ invocation: ActionInvocation) async throws -> ActionResult {
        try Task.checkCancellation()
        return ActionResult(output: .object([:]))
    }
}
