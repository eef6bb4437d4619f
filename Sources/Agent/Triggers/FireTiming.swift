/// One schedule decision whose fires were committed, for measuring fire lateness.
public struct FireTiming: Hashable, Sendable {
    public var key: TriggerKey
    /// When the trigger's timer was due (its occurrence plus its jitter), milliseconds since the epoch.
    public var deadlineMillis: Int64
    /// Fires recorded in the commit, and how many of them started a run.
    public var fires: Int
    public var started: Int
    /// Whether the decision came later than the trigger's misfire threshold after its timer, so its planner took its
    /// fires as missed and applied the catch-up policy: after a downtime (then hours late by design) or a stall.
    public var caughtUp: Bool

    public init(key: TriggerKey, deadlineMillis: Int64, fires: Int, started: Int, caughtUp: Bool = false) {
        self.key = key
        self.deadlineMillis = deadlineMillis
        self.fires = fires
        self.started = started
        self.caughtUp = caughtUp
    }
}
