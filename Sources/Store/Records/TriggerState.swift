import Foundation

/// What the scheduler must remember about one trigger across restarts.
public struct TriggerState: Hashable, Sendable {
    public var workflowID: String
    /// The trigger's key within its workflow (the agent's choice, e.g. its index or kind).
    public var triggerID: String
    /// Whether the trigger fires (its workflow is published and the trigger active).
    public var armed: Bool
    public var nextFireAt: Date?
    public var lastFireAt: Date?
    /// The latest scheduled occurrence already handled (fired or skipped): catch-up resumes after it.
    public var lastScheduledAt: Date?
    /// Occurrences missed while the agent was down and not yet caught up.
    public var missedCount: Int

    public init(
        workflowID: String, triggerID: String, armed: Bool, nextFireAt: Date? = nil, lastFireAt: Date? = nil,
        lastScheduledAt: Date? = nil, missedCount: Int = 0
    ) {
        self.workflowID = workflowID
        self.triggerID = triggerID
        self.armed = armed
        self.nextFireAt = nextFireAt
        self.lastFireAt = lastFireAt
        self.lastScheduledAt = lastScheduledAt
        self.missedCount = missedCount
    }
}

/// One fire of a trigger, whether it started an execution or was skipped.
public struct TriggerFire: Hashable, Sendable {
    /// What became of a fire.
    public enum Outcome: Hashable, Sendable {
        case started(executionID: String)
        /// Not run: rate limited, overlapping, outside the catch-up window, unpublished…
        case skipped(reason: String)
    }

    public var workflowID: String
    public var triggerID: String
    /// The occurrence it was for (`nil` for an event trigger such as a webhook).
    public var scheduledAt: Date?
    public var firedAt: Date
    public var outcome: Outcome

    public init(workflowID: String, triggerID: String, scheduledAt: Date? = nil, firedAt: Date, outcome: Outcome) {
        self.workflowID = workflowID
        self.triggerID = triggerID
        self.scheduledAt = scheduledAt
        self.firedAt = firedAt
        self.outcome = outcome
    }
}
