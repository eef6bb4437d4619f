import Workflow

/// `sundial.transform`: outputs its `value` parameter, which the engine has already rendered from templates.
///
/// Builds a value (an object, an array, a string) out of earlier steps' outputs for later steps to use.
/// `branch` optionally picks the outbound edge, so a transform can also route on a rendered value.
public struct TransformAction: Action {
    public static let id = "sundial.transform"

    public init() {}

    public var descriptor: ActionDescriptor {
        ActionDescriptor(
            id: Self.id, description: "Outputs a value built from templates.",
            parameters: [
                ActionParameter(
                    name: "value", type: "any", required: true, description: "The value to output (any JSON)."),
                ActionParameter(
                    name: "branch", type: "string", defaultValue: "main", description: "The outbound edge to follow."),
            ])
    }

    public func run(_ invocation: ActionInvocation) async throws -> ActionResult {
        let parameters = ActionParameters(invocation.parameters, actionID: Self.id)
        guard let value = invocation.parameters["value"] else {
            throw parameters.missing("value", "any JSON value (null included)")
        }
        let branch = try parameters.string("branch") ?? "main"
        guard !branch.isEmpty else { throw parameters.invalid("branch", "a non-empty string", got: .string(branch)) }
        return ActionResult(output: value, branch: branch)
    }
}
