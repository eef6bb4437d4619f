import Workflow

/// One trigger of one workflow. A workflow has at most one trigger of each kind, so the kind names the trigger:
/// its id in the store is the kind's raw value (`scheduleTrigger`).
public struct TriggerKey: Hashable, Sendable, CustomStringConvertible {
    public var workflowID: String
    public var kind: TriggerKind

    public init(workflowID: String, kind: TriggerKind) {
        self.workflowID = workflowID
        self.kind = kind
    }

    /// The trigger's id in the store's `trigger_states` and `fires`.
    public var triggerID: String { kind.rawValue }

    /// The id the planner hashes for the trigger's stable jitter: the same for this trigger in every process.
    public var plannerID: String { "\(workflowID)/\(kind.rawValue)" }

    public var description: String { plannerID }
}
