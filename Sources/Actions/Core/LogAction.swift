import Workflow

/// `sundial.log`: writes `message` to the step's log at `level` (default `info`).
///
/// The output echoes what was logged, `{"level": …, "message": …}`, so later steps can refer to it.
public struct LogAction: Action {
    public static let id = "sundial.log"

    public init() {}

    public var descriptor: ActionDescriptor {
        ActionDescriptor(
            id: Self.id, description: "Writes a message to the step's log.",
            parameters: [
                ActionParameter(name: "message", type: "string", required: true, description: "The text to log."),
                ActionParameter(
                    name: "level", type: "string", defaultValue: "info",
                    description: "One of debug, info, notice, warning, error, critical, alert, emergency."),
            ])
    }

    public func run(_ invocation: ActionInvocation) async throws -> ActionResult {
        let parameters = ActionParameters(invocation.parameters, actionID: Self.id)
        let message = try parameters.requiredString("message")
        let levels = LogLevel.allCases.map(\.rawValue).joined(separator: ", ")
        let levelName = try parameters.string("level", expecting: "one of \(levels)") ?? "info"
        guard let level = LogLevel(rawValue: levelName) else {
            throw parameters.invalid("level", "one of \(levels)", got: .string(levelName))
        }
        invocation.context.log(level, message)
        return ActionResult(output: ["level": .string(level.rawValue), "message": .string(message)])
    }
}
