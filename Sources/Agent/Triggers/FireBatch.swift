import Scheduler
import Store

/// What one decision of a schedule trigger asks the core to write and do: its fires (each started one with the
/// id its execution will have), the runs to cancel first, and the trigger's new state, all in one transaction.
struct FireBatch: Sendable {
    /// One decided fire.
    struct Decided: Sendable {
        var fire: PlannedFire
        /// The execution a started or waiting fire creates.
        var executionID: String?
    }

    var key: TriggerKey
    /// When the decision was made (milliseconds): the fires' `firedAt`.
    var now: Int64
    /// When the timer was due (milliseconds): what lateness is measured from.
    var timerDeadline: Int64
    /// Whether the decision came past the trigger's misfire threshold, so its fires were caught up as missed.
    var caughtUp: Bool
    var fires: [Decided]
    /// Runs of the trigger to cancel before the new one starts (`CANCEL_PREVIOUS`).
    var cancels: [String]
    var state: TriggerState
}
