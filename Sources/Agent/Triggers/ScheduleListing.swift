import RRule
import Scheduler

/// The next fire times of a workflow's schedule trigger, as `GET /api/v2/workflows/{id}/schedule` shows them.
public struct ScheduleListing: Hashable, Sendable {
    /// One coming fire.
    public struct Fire: Hashable, Sendable {
        /// The occurrence (milliseconds since the epoch).
        public var due: Int64
        /// When the trigger fires: the occurrence plus the trigger's stable jitter.
        public var fireAt: Int64
        /// `fireAt` as a local time with its UTC offset in the rule's zone (RFC 3339).
        public var local: String
        /// Why this fire would start nothing if nothing else fired meanwhile: `rate_limited` when the trigger's
        /// `rateLimit`, counting the fires it has admitted and the listed ones before this, would refuse it.
        public var wouldSkip: String? = nil
    }

    public var expression: String
    /// The rule's time zone (`UTC` for a UTC or floating rule).
    public var zone: String
    /// The trigger's stable delay after each occurrence.
    public var jitterMillis: Int64
    /// Whether the trigger is armed (its workflow is published).
    public var armed: Bool
    public var fires: [Fire]

    /// The first `count` fires of `planner` after `now`.
    static func make(expression: String, planner: TriggerPlanner, armed: Bool, now: Int64, count: Int)
        -> ScheduleListing
    {
        let jitter = planner.jitterOffsetMillis
        let zone = Self.zone(of: planner.recurrence)
        var fires: [Fire] = []
        // The trigger's limiter as it stands, admitting the listed fires in turn: the ones it would refuse are
        // marked, so a rate limit that starves a schedule shows before the fires are skipped.
        var limiter = planner.rateLimiter
        if let recurrence = planner.recurrence {
            let after = max(planner.handledThrough, now - jitter)
            let start = Instant(secondsSinceEpoch: after >= 0 ? after / 1000 : -((-after + 999) / 1000))
            for occurrence in Self.occurrences(of: recurrence, after: start, count: count) {
                let due = occurrence.instant.secondsSinceEpoch * 1000
                var fire = Fire(due: due, fireAt: due + jitter, local: Self.local(due + jitter, in: zone))
                if limiter != nil, !limiter!.admit(at: fire.fireAt) { fire.wouldSkip = "rate_limited" }
                fires.append(fire)
            }
        }
        return ScheduleListing(
            expression: expression, zone: zone?.identifier ?? "UTC", jitterMillis: jitter, armed: armed,
            fires: fires)
    }

    private static func occurrences<R: Recurrence>(of recurrence: R, after start: Instant, count: Int)
        -> [Occurrence]
    {
        Array(recurrence.occurrences(after: start).prefix(count))
    }

    private static func zone(of recurrence: (any Recurrence)?) -> Zone? {
        switch recurrence {
        case let set as RecurrenceSet: set.zone
        case let cron as CronExpression: cron.zone
        default: nil
        }
    }

    /// RFC 3339 local time of `millis` in `zone`, with the offset in force then (`Z` for UTC; milliseconds shown
    /// when not zero).
    static func local(_ millis: Int64, in zone: Zone?) -> String {
        let seconds = millis >= 0 ? millis / 1000 : -((-millis + 999) / 1000)
        let fraction = millis - seconds * 1000
        let instant = Instant(secondsSinceEpoch: seconds)
        let offset = zone?.utcOffset(at: instant) ?? 0
        var text = CivilDateTime(secondsSinceLocalEpoch: seconds + Int64(offset)).rfc3339
        if fraction != 0 { text += "." + Self.digits(fraction, 3) }
        guard let zone, zone.identifier != "UTC" else { return text + "Z" }
        let magnitude = abs(offset)
        return text + (offset < 0 ? "-" : "+") + Self.digits(magnitude / 3600, 2) + ":"
            + Self.digits(magnitude % 3600 / 60, 2)
    }

    private static func digits(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    private static func digits(_ value: Int64, _ width: Int) -> String {
        digits(Int(value), width)
    }
}
