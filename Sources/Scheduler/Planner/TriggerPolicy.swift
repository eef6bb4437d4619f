/// What a schedule trigger does about fires missed while the agent was down.
public enum CatchUpPolicy: String, Hashable, Sendable, Codable, CaseIterable {
    /// Missed fires are skipped; the next on-time fire runs.
    case skip
    /// The missed fires coalesce into one run started now, like systemd's `Persistent=` and Quartz's
    /// fire-once-now (the default).
    case once
    /// Every missed fire runs, oldest first.
    case all
}

/// What a fire does while an execution of the same trigger is running.
public enum OverlapBehavior: String, Hashable, Sendable, Codable, CaseIterable {
    /// The fire is skipped while one runs (Datadog's default).
    case exclusiveRun = "EXCLUSIVE_RUN"
    /// The fire starts another run alongside.
    case overlapAllowed = "OVERLAP_ALLOWED"
    /// The fire waits behind the running one; at most one waits, later fires are skipped.
    case bufferOne = "BUFFER_ONE"
    /// The running execution is cancelled and the fire starts a new one.
    case cancelPrevious = "CANCEL_PREVIOUS"
}

/// A trigger's firing policy: catch-up, overlap, jitter and rate limit.
public struct TriggerPolicy: Hashable, Sendable {
    /// What to do about fires missed while the agent was down.
    public var catchUp: CatchUpPolicy
    /// How far back (milliseconds) missed fires are still caught up; older ones are skipped. `nil`: no limit.
    public var catchUpWindowMillis: Int64?
    /// How late (milliseconds) a fire may be and still count as on time rather than missed (Quartz's misfire
    /// threshold).
    public var misfireThresholdMillis: Int64
    /// What a fire does while a run of this trigger is active.
    public var overlap: OverlapBehavior
    /// The upper bound (milliseconds) of the trigger's stable delay after each due time.
    public var jitterMillis: Int64
    /// The most fires admitted per window, if limited.
    public var rateLimit: RateLimit?

    /// A policy; the defaults are Sundial's documented ones.
    public init(
        catchUp: CatchUpPolicy = .once,
        catchUpWindowMillis: Int64? = nil,
        misfireThresholdMillis: Int64 = 60_000,
        overlap: OverlapBehavior = .exclusiveRun,
        jitterMillis: Int64 = 0,
        rateLimit: RateLimit? = nil
    ) {
        precondition(catchUpWindowMillis.map { $0 >= 0 } ?? true, "the catch-up window cannot be negative")
        precondition(misfireThresholdMillis >= 0 && jitterMillis >= 0, "thresholds cannot be negative")
        self.catchUp = catchUp
        self.catchUpWindowMillis = catchUpWindowMillis
        self.misfireThresholdMillis = misfireThresholdMillis
        self.overlap = overlap
        self.jitterMillis = jitterMillis
        self.rateLimit = rateLimit
    }
}
