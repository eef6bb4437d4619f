/// One schedule decision whose fires were committed, for measuring fire lateness.
public struct FireTiming: Hashable, Sendable {
    public var key: TriggerKey
    /// When the trigger's timer was due (its occurrence plus its jitter), milliseconds since the epoch.
    public var deadlineMillis: Int64
    /// Fires recorded in the commit, and how many of them started a run.
    public var fires: Int
    public var started: Int

    public init(key: TriggerKey, deadlineMillis: Int64, fires: Int, started: Int) {
        self.key = key
        self.deadlineMillis = deadlineMillis
        self.fires = fires
        self.started = started
    }
}
