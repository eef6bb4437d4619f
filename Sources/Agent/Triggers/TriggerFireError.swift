import Workflow

/// Why an event could not be handed to a trigger: nothing was recorded.
public struct TriggerFireError: Error, Hashable, Sendable, CustomStringConvertible {
    /// `trigger.unknownWorkflow`, `trigger.none` or `trigger.kind`.
    public var code: String
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    static func unknownWorkflow(_ id: String) -> TriggerFireError {
        TriggerFireError(code: "trigger.unknownWorkflow", message: "no workflow has the id '\(id)'")
    }

    static func noTrigger(_ key: TriggerKey) -> TriggerFireError {
        TriggerFireError(
            code: "trigger.none",
            message:
                "workflow '\(key.workflowID)' has no \(key.kind.rawValue); add one to /data/attributes/spec/triggers")
    }

    static func notAnEvent(_ key: TriggerKey) -> TriggerFireError {
        TriggerFireError(
            code: "trigger.kind",
            message: "\(key.kind.rawValue) is not fired by events; events fire monitorTrigger and githubWebhookTrigger")
    }
}
