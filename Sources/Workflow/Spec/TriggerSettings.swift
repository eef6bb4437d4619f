import RRule

/// The settings inside a trigger's `<kind>Trigger` member. One type serves every kind; which members apply
/// depends on the kind (validation reports the ones that do not), and unknown members are kept in `extra`.
public struct TriggerSettings: Hashable, Sendable, Codable {
    /// At most `count` fires in any window of `interval` (api, monitor, githubWebhook and other event kinds).
    public var rateLimit: RateLimit?
    /// A bare RRULE, a `DTSTART…\nRRULE:…` block, or *extension* a cron expression (schedule).
    public var rruleExpression: String?
    /// What a fire does while the previous run is still going (schedule; `EXCLUSIVE_RUN` when absent).
    public var overlapBehavior: OverlapBehavior?
    /// *Extension*: what to do with fires missed while the agent was down (schedule; `once` when absent).
    public var catchUp: CatchUp?
    /// *Extension*: how far back missed fires count, `"86400s"` (schedule).
    public var catchUpWindow: String?
    /// *Extension*: a random delay of up to this interval added to each fire, `"30s"` (schedule).
    public var jitter: String?
    /// *Extension*: how local times in a DST gap or overlap resolve (schedule; RFC 5545 when absent).
    public var dstPolicy: DSTPolicySetting?
    /// The form's UUID (form).
    public var formId: String?
    /// *Extension*: fire on resolved alerts and on a check's recovery too, not only when an alert fires (monitor).
    public var notifyOnRecovery: Bool?
    /// *Extension*: a local probe run on an interval that fires the trigger when it starts failing (monitor).
    public var check: MonitorCheck?
    public var extra: [String: JSONValue]

    public init(
        rateLimit: RateLimit? = nil, rruleExpression: String? = nil, overlapBehavior: OverlapBehavior? = nil,
        catchUp: CatchUp? = nil, catchUpWindow: String? = nil, jitter: String? = nil,
        dstPolicy: DSTPolicySetting? = nil, formId: String? = nil, notifyOnRecovery: Bool? = nil,
        check: MonitorCheck? = nil, extra: [String: JSONValue] = [:]
    ) {
        self.rateLimit = rateLimit
        self.rruleExpression = rruleExpression
        self.overlapBehavior = overlapBehavior
        self.catchUp = catchUp
        self.catchUpWindow = catchUpWindow
        self.jitter = jitter
        self.dstPolicy = dstPolicy
        self.formId = formId
        self.notifyOnRecovery = notifyOnRecovery
        self.check = check
        self.extra = extra
    }

    public init(from decoder: any Decoder) throws {
        let reader = try ObjectReader(decoder)
        rateLimit = try reader.optional("rateLimit")
        rruleExpression = try reader.optional("rruleExpression")
        overlapBehavior = try reader.optional("overlapBehavior")
        catchUp = try reader.optional("catchUp")
        catchUpWindow = try reader.optional("catchUpWindow")
        jitter = try reader.optional("jitter")
        dstPolicy = try reader.optional("dstPolicy")
        formId = try reader.optional("formId")
        notifyOnRecovery = try reader.optional("notifyOnRecovery")
        check = try reader.optional("check")
        extra = try reader.remaining()
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = ObjectWriter(encoder)
        try writer.write("rateLimit", rateLimit)
        try writer.write("rruleExpression", rruleExpression)
        try writer.write("overlapBehavior", overlapBehavior)
        try writer.write("catchUp", catchUp)
        try writer.write("catchUpWindow", catchUpWindow)
        try writer.write("jitter", jitter)
        try writer.write("dstPolicy", dstPolicy)
        try writer.write("formId", formId)
        try writer.write("notifyOnRecovery", notifyOnRecovery)
        try writer.write("check", check)
        try writer.finish(extra: extra)
    }

    /// What a schedule fire does while the previous run of the workflow is still going.
    public enum OverlapBehavior: String, SpecEnumeration {
        /// Skip the fire.
        case exclusiveRun = "EXCLUSIVE_RUN"
        /// Start another run.
        case overlapAllowed = "OVERLAP_ALLOWED"
        /// *Extension*: keep one fire waiting and start it when the run ends.
        case bufferOne = "BUFFER_ONE"
        /// *Extension*: cancel the running run and start a new one.
        case cancelPrevious = "CANCEL_PREVIOUS"
    }

    /// *Extension*: what to do with schedule fires missed while the agent was not running.
    public enum CatchUp: String, SpecEnumeration {
        case skip, once, all
    }
}

/// `rateLimit {count, interval: "3600s"}`.
public struct RateLimit: Hashable, Sendable, Codable {
    public var count: Int64?
    public var interval: String?
    public var extra: [String: JSONValue]

    public init(count: Int64? = nil, interval: String? = nil, extra: [String: JSONValue] = [:]) {
        self.count = count
        self.interval = interval
        self.extra = extra
    }

    /// The window in seconds, when `interval` is well formed.
    public var intervalSeconds: Int64? { interval.flatMap(IntervalText.seconds) }

    public init(from decoder: any Decoder) throws {
        let reader = try ObjectReader(decoder)
        count = try reader.optional("count")
        interval = try reader.optional("interval")
        extra = try reader.remaining()
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = ObjectWriter(encoder)
        try writer.write("count", count)
        try writer.write("interval", interval)
        try writer.finish(extra: extra)
    }
}

/// *Extension* `dstPolicy {gap: "shift"|"skip", overlap: "first"|"last"|"both"}`; a missing member keeps the
/// RFC 5545 rule.
public struct DSTPolicySetting: Hashable, Sendable, Codable {
    public var gap: DSTPolicy.Gap?
    public var overlap: DSTPolicy.Overlap?
    public var extra: [String: JSONValue]

    public init(gap: DSTPolicy.Gap? = nil, overlap: DSTPolicy.Overlap? = nil, extra: [String: JSONValue] = [:]) {
        self.gap = gap
        self.overlap = overlap
        self.extra = extra
    }

    /// The policy the schedule uses.
    public var policy: DSTPolicy {
        DSTPolicy(gap: gap ?? DSTPolicy.rfc5545.gap, overlap: overlap ?? DSTPolicy.rfc5545.overlap)
    }

    public init(from decoder: any Decoder) throws {
        let reader = try ObjectReader(decoder)
        gap = try reader.optional("gap")
        overlap = try reader.optional("overlap")
        extra = try reader.remaining()
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = ObjectWriter(encoder)
        try writer.write("gap", gap)
        try writer.write("overlap", overlap)
        try writer.finish(extra: extra)
    }
}
