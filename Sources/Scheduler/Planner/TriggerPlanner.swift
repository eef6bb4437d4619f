import RRule

/// Decides what each fire of one trigger does: which due fires run, which are caught up after downtime, and
/// which are skipped and why.
///
/// A value-type state machine: `plan(now:running:waiting:published:)` takes the time and the trigger's runs
/// and returns the decisions and the next timer to arm; the agent performs them and persists `handledThrough`
/// and the rate limiter's admitted times. Times are milliseconds since the epoch.
///
/// Rules, in order, for the fires due in `(handledThrough, now]` (a fire is due at its occurrence plus the
/// trigger's stable jitter):
/// 1. If the workflow is unpublished, every fire is skipped (`unpublished`).
/// 2. A fire more than `misfireThresholdMillis` late was missed. Missed fires older than `catchUpWindowMillis`
///    are skipped (`outsideCatchUpWindow`); the rest follow `catchUp`: `skip` skips them (`missed`), `once`
///    keeps only the latest (the others are `coalesced`, and all are when an on-time fire is due too), `all`
///    keeps them all.
/// 3. Each kept fire, oldest first, passes the overlap behavior against the running and waiting runs (and the
///    runs this plan starts), then the rate limit; a fire the overlap behavior would not start consumes no
///    rate-limit budget.
public struct TriggerPlanner: Sendable {
    /// The trigger's identifier, which also seeds its stable jitter.
    public let triggerID: String
    /// When the trigger fires, or `nil` for a trigger fired by events (monitor, webhook, API).
    public let recurrence: (any Recurrence)?
    public let policy: TriggerPolicy
    /// The trigger's stable delay after each due time, in `0...policy.jitterMillis`.
    public let jitterOffsetMillis: Int64
    /// Every occurrence due at or before this time (milliseconds, without jitter) has been handled.
    public private(set) var handledThrough: Int64
    /// The rate limiter, when the policy has a limit.
    public internal(set) var rateLimiter: RateLimiter?

    /// A planner for one trigger.
    /// - Parameters:
    ///   - handledThrough: the due time of the last fire handled (run or skipped), or when the trigger was
    ///     enabled if it never fired; fires after it and before `now` are the ones caught up.
    ///   - admittedFires: stored times of fires the rate limiter admitted before a restart.
    public init(
        triggerID: String,
        recurrence: (any Recurrence)?,
        policy: TriggerPolicy = TriggerPolicy(),
        handledThrough: Int64,
        admittedFires: [Int64] = []
    ) {
        self.triggerID = triggerID
        self.recurrence = recurrence
        self.policy = policy
        self.jitterOffsetMillis = StableJitter.offset(for: triggerID, maxMillis: policy.jitterMillis)
        self.handledThrough = handledThrough
        self.rateLimiter = policy.rateLimit.map { RateLimiter(limit: $0, admitted: admittedFires) }
    }

    /// The first fire after `handledThrough` that is not yet due at `now`: what to arm the timer for.
    public func nextFire(now: Int64) -> ArmedFire? {
        guard let recurrence else { return nil }
        let after = Swift.max(handledThrough, now - jitterOffsetMillis)
        var none: [Int64] = []
        return armed(Self.scan(recurrence, after: after, through: after, into: &none))
    }

    /// Decides every fire due at `now`.
    /// - Parameters:
    ///   - now: the current wall time (milliseconds).
    ///   - running: how many runs of this trigger are active.
    ///   - waiting: how many runs of this trigger wait behind them (`BUFFER_ONE`).
    ///   - published: whether the workflow is published.
    /// - Complexity: O(fires due since `handledThrough`), each asked of the recurrence once.
    public mutating func plan(now: Int64, running: Int, waiting: Int, published: Bool) -> TriggerPlan {
        guard let recurrence else { return TriggerPlan(fires: [], next: nil) }
        let latestDue = now - jitterOffsetMillis
        guard latestDue > handledThrough else { return TriggerPlan(fires: [], next: nextFire(now: now)) }
        var dues: [Int64] = []
        // One pass over the recurrence finds the due fires and the one to arm next.
        let following = Self.scan(recurrence, after: handledThrough, through: latestDue, into: &dues)
        if dues.count == 1 {
            // The common case, a single fire, decided without the bookkeeping arrays below.
            handledThrough = Swift.max(handledThrough, dues[0])
            var admission = Admission(running: running, waiting: waiting)
            let action = catchUpAction(for: dues[0], now: now, published: published) ?? admit(at: now, &admission)
            return TriggerPlan(fires: [PlannedFire(due: dues[0], action: action)], next: armed(following))
        }
        var actions: [FireAction?] = Array(repeating: nil, count: dues.count)
        var kept: [Int] = []
        for (position, due) in dues.enumerated() {
            if let action = catchUpAction(for: due, now: now, published: published) {
                actions[position] = action
            } else if policy.catchUp == .once && isMissed(due, now: now) {
                // Only the latest missed fire survives, and only if no on-time fire follows it.
                if let previous = kept.last { actions[previous] = .skip(.coalesced) }
                kept = [position]
            } else {
                kept.append(position)
            }
        }
        if policy.catchUp == .once, kept.count > 1, isMissed(dues[kept[0]], now: now) {
            actions[kept.removeFirst()] = .skip(.coalesced)
        }
        var admission = Admission(running: running, waiting: waiting)
        for (rank, position) in kept.enumerated() {
            let supersededLater = policy.overlap == .cancelPrevious && rank < kept.count - 1
            actions[position] = supersededLater ? .skip(.overlap) : admit(at: now, &admission)
        }
        if let last = dues.last { handledThrough = Swift.max(handledThrough, last) }
        let fires = zip(dues, actions).map { PlannedFire(due: $0, action: $1!) }
        return TriggerPlan(fires: fires, next: armed(following))
    }

    /// Decides one fire of an event trigger (monitor alert, webhook, API call) at `now`: unpublished, overlap
    /// and rate limit apply; catch-up does not.
    public mutating func planEvent(now: Int64, running: Int, waiting: Int, published: Bool) -> FireAction {
        guard published else { return .skip(.unpublished) }
        var admission = Admission(running: running, waiting: waiting)
        return admit(at: now, &admission)
    }

    /// Appends to `dues` the occurrences (milliseconds) after `after` and at or before `through`, oldest first,
    /// and returns the first one after `through`, or `nil` when the recurrence ends first.
    ///
    /// Generic so the recurrence's own sequence type is used directly instead of a boxed `any Sequence`.
    static func scan<R: Recurrence>(_ recurrence: R, after: Int64, through: Int64, into dues: inout [Int64]) -> Int64? {
        for occurrence in recurrence.occurrences(after: Instant(secondsSinceEpoch: floorSeconds(after))) {
            let due = occurrence.instant.secondsSinceEpoch * 1000
            guard due <= through else { return due }
            dues.append(due)
        }
        return nil
    }

    /// The timer to arm for an occurrence due at `due`.
    func armed(_ due: Int64?) -> ArmedFire? {
        due.map { ArmedFire(due: $0, fireAt: $0 + jitterOffsetMillis) }
    }

    /// What publication and catch-up alone decide for one fire, or `nil` when it goes on to the overlap and
    /// rate-limit gates; `once` coalescing, which needs the neighbouring fires, is left to the caller.
    func catchUpAction(for due: Int64, now: Int64, published: Bool) -> FireAction? {
        guard published else { return .skip(.unpublished) }
        let late = now - (due + jitterOffsetMillis)
        if late <= policy.misfireThresholdMillis { return nil }
        if let window = policy.catchUpWindowMillis, late > window { return .skip(.outsideCatchUpWindow) }
        return policy.catchUp == .skip ? .skip(.missed) : nil
    }

    func isMissed(_ due: Int64, now: Int64) -> Bool {
        now - (due + jitterOffsetMillis) > policy.misfireThresholdMillis
    }

    /// Whole seconds at or before `millis`.
    static func floorSeconds(_ millis: Int64) -> Int64 {
        millis >= 0 ? millis / 1000 : -((-millis + 999) / 1000)
    }
}
