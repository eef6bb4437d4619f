/// Why a due fire did not start a run.
public enum SkipReason: String, Hashable, Sendable, Codable, CaseIterable {
    /// The trigger's rate limit was reached.
    case rateLimited = "rate_limited"
    /// A run of the trigger was active and the overlap behavior does not allow another (or the one waiting
    /// slot of `BUFFER_ONE` was taken, or a later fire in the same plan supersedes it under `CANCEL_PREVIOUS`).
    case overlap
    /// The fire was missed and lies before the catch-up window.
    case outsideCatchUpWindow = "outside_catch_up_window"
    /// The fire was missed and the catch-up policy is `skip`.
    case missed
    /// The fire was missed and merged into the single catch-up run of policy `once`.
    case coalesced
    /// The workflow is not published; automatic triggers only fire published workflows.
    case unpublished
}

/// What one fire does.
public enum FireAction: Hashable, Sendable {
    /// Start a run.
    case start
    /// Cancel the trigger's running executions, then start a run (`CANCEL_PREVIOUS`).
    case startCancellingRunning
    /// Queue a run to start when the running one ends (`BUFFER_ONE`).
    case wait
    /// Start nothing; record a skipped fire with this reason.
    case skip(SkipReason)

    /// Whether the fire leads to a run (now or after the running one).
    public var startsRun: Bool {
        if case .skip = self { return false }
        return true
    }
}

/// One due fire and what to do about it.
public struct PlannedFire: Hashable, Sendable {
    /// The occurrence's due time, milliseconds since the epoch (without jitter).
    public let due: Int64
    /// What to do.
    public let action: FireAction

    public init(due: Int64, action: FireAction) {
        self.due = due
        self.action = action
    }
}

/// The fire a trigger's timer should be armed for.
public struct ArmedFire: Hashable, Sendable {
    /// The occurrence's due time (milliseconds).
    public let due: Int64
    /// When the timer should go off: `due` plus the trigger's stable jitter (milliseconds).
    public let fireAt: Int64

    public init(due: Int64, fireAt: Int64) {
        self.due = due
        self.fireAt = fireAt
    }
}

/// What `TriggerPlanner.plan(now:running:waiting:published:)` decided.
public struct TriggerPlan: Hashable, Sendable {
    /// Every fire that came due since the last plan, oldest first, each with its action.
    public var fires: [PlannedFire]
    /// The next fire to arm the timer for, or `nil` when the recurrence has ended.
    public var next: ArmedFire?

    public init(fires: [PlannedFire], next: ArmedFire?) {
        self.fires = fires
        self.next = next
    }

    /// The fires that lead to a run.
    public var runs: [PlannedFire] { fires.filter { $0.action.startsRun } }
}
