import Workflow

/// `com.datadoghq.core.sleep`: waits for `duration`, honouring cancellation.
///
/// `duration` is seconds (`30`, `0.5`) or a string with a unit (`"30s"`, `"500ms"`, `"2m"`, `"1h"`), at most a week.
/// The output is `{"sleptSeconds": <seconds>}`.
public struct SleepAction: Action {
    public static let id = "com.datadoghq.core.sleep"

    public init() {}

    public var descriptor: ActionDescriptor {
        ActionDescriptor(
            id: Self.id, description: "Waits for a duration, then succeeds.",
            parameters: [
                ActionParameter(
                    name: "duration", type: "any", required: true,
                    description: "Seconds as a number, or a string with a unit: \"30s\", \"500ms\", \"2m\", \"1h\".")
            ])
    }

    public func run(_ invocation: ActionInvocation) async throws -> ActionResult {
        let duration = try Self.duration(from: invocation.parameters)
        try await Task.sleep(for: duration)
        return ActionResult(output: ["sleptSeconds": .double(duration.secondsValue)])
    }

    /// The validated `duration` parameter.
    /// - Throws: `ActionFailure` (`parameter.missing` or `parameter.invalid`) naming the accepted forms.
    static func duration(from values: [String: JSONValue]) throws(ActionFailure) -> Duration {
        let parameters = ActionParameters(values, actionID: id)
        guard let duration = try parameters.duration("duration") else {
            throw parameters.missing("duration", "a number of seconds or a string such as \"30s\"")
        }
        return duration
    }
}
