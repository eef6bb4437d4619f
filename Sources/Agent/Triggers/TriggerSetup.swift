import Foundation
import RRule
import Scheduler
import Store
import Workflow

/// What one trigger's settings mean to the scheduler: its recurrence (schedule triggers) and its firing policy.
struct TriggerSetup: Sendable {
    /// What decides the recurrence, to tell whether an update changed it.
    struct Identity: Hashable, Sendable {
        var expression: String
        var dstPolicy: DSTPolicy
        /// DTSTART of a bare RRULE: the workflow's creation, in UTC.
        var anchorSeconds: Int64
    }

    var key: TriggerKey
    var policy: TriggerPolicy
    /// The schedule, for a schedule trigger.
    var recurrence: (any Recurrence)?
    /// `nil` for an event trigger.
    var identity: Identity?

    /// The kinds whose fires the core handles: the schedule and the event triggers.
    static let firedKinds: Set<TriggerKind> = [.schedule, .api, .monitor, .githubWebhook]

    /// The setup of `workflow`'s trigger of `kind`, or `nil` when it has none.
    /// - Throws: `TriggerSetupError` when a setting cannot be used (validation normally refused it already).
    static func of(_ workflow: StoredWorkflow, kind: TriggerKind) throws(TriggerSetupError) -> TriggerSetup? {
        guard let trigger = workflow.definition.spec.trigger(kind) else { return nil }
        return try TriggerSetup(trigger, workflowID: workflow.id, createdAt: workflow.createdAt)
    }

    init(_ trigger: Trigger, workflowID: String, createdAt: Date) throws(TriggerSetupError) {
        key = TriggerKey(workflowID: workflowID, kind: trigger.kind)
        let settings = trigger.settings
        var policy = TriggerPolicy(overlap: .overlapAllowed)
        if let limit = settings.rateLimit {
            guard let count = limit.count, let interval = limit.interval else {
                throw TriggerSetupError("rateLimit needs count and interval")
            }
            do {
                policy.rateLimit = try Scheduler.RateLimit(count: Int(clamping: count), interval: interval)
            } catch {
                throw TriggerSetupError("rateLimit: \(error.message)")
            }
        }
        guard trigger.kind == .schedule else {
            // Event triggers have no overlap setting: every event may start a run (the rate limit still applies).
            self.policy = policy
            return
        }
        guard let expression = settings.rruleExpression else {
            throw TriggerSetupError("a scheduleTrigger needs an rruleExpression")
        }
        policy.overlap = settings.overlapBehavior.flatMap { OverlapBehavior(rawValue: $0.rawValue) } ?? .exclusiveRun
        policy.catchUp = settings.catchUp.flatMap { CatchUpPolicy(rawValue: $0.rawValue) } ?? .once
        policy.catchUpWindowMillis = try Self.millis(settings.catchUpWindow, "catchUpWindow")
        policy.jitterMillis = try Self.millis(settings.jitter, "jitter") ?? 0
        self.policy = policy
        let anchor = Self.anchor(for: expression, createdAt: createdAt)
        let dstPolicy = settings.dstPolicy?.policy ?? .rfc5545
        identity = Identity(expression: expression, dstPolicy: dstPolicy, anchorSeconds: anchor)
        let start = DateTimeValue(local: Instant(secondsSinceEpoch: anchor).utc, form: .utc)
        do {
            recurrence = try Schedule.parse(expression, defaultStart: start, zone: .utc, dstPolicy: dstPolicy)
        } catch {
            throw TriggerSetupError("rruleExpression: \(error.message)")
        }
    }

    /// The DTSTART of a bare RRULE: when the workflow was created, at second 0 unless the rule says `BYSECOND`.
    /// RFC 5545 takes a missing BYSECOND from DTSTART, so anchoring at the creation second made
    /// `FREQ=HOURLY;BYMINUTE=15` fire at :15:17; nobody writing that rule means the seventeenth second. (A new rule
    /// is handled from now on, so an anchor a few seconds earlier starts no fire of its own.)
    static func anchor(for expression: String, createdAt: Date) -> Int64 {
        let seconds = Int64((createdAt.timeIntervalSince1970).rounded(.down))
        let upper = expression.uppercased()
        guard Schedule.isRecurrenceRule(expression), !upper.contains("DTSTART"), !upper.contains("BYSECOND") else {
            return seconds
        }
        return seconds - ((seconds % 60) + 60) % 60
    }

    /// A `"30s"` interval in milliseconds.
    private static func millis(_ text: String?, _ name: String) throws(TriggerSetupError) -> Int64? {
        guard let text else { return nil }
        guard let seconds = IntervalText.seconds(text) else {
            throw TriggerSetupError("\(name) \"\(text)\" is not \(IntervalText.expectation)")
        }
        return seconds * 1000
    }

    /// Whether `other` fires on the same schedule with the same policy.
    func same(as other: TriggerSetup) -> Bool {
        identity == other.identity && policy == other.policy
    }
}

/// A trigger whose settings the scheduler cannot use.
struct TriggerSetupError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) { self.description = description }
}
