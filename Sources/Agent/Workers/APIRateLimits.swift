import Foundation
import Scheduler
import Synchronization
import Workflow

/// The `apiTrigger.rateLimit` of each workflow, applied to `POST …/instances`: at most `count` runs in any window
/// of `interval`, exactly (the Scheduler's sliding-window `RateLimiter`). Kept in memory: a restart forgets the
/// window.
public final class APIRateLimits: Sendable {
    private struct Entry {
        var limit: Scheduler.RateLimit
        var limiter: RateLimiter
    }

    private let entries = Mutex<[String: Entry]>([:])

    public init() {}

    /// Admits a run of `workflowID` at `now` (ms), or returns how many seconds until one would be admitted.
    /// - Returns: `nil` when admitted (or the workflow has no API rate limit).
    public func admit(workflowID: String, spec: WorkflowSpec, now: Int64) -> Int? {
        guard let limit = Self.limit(of: spec) else {
            entries.withLock { $0[workflowID] = nil }
            return nil
        }
        return entries.withLock { entries in
            var entry =
                entries[workflowID].flatMap { $0.limit == limit ? $0 : nil }
                ?? Entry(limit: limit, limiter: RateLimiter(limit: limit))
            defer { entries[workflowID] = entry }
            if entry.limiter.admit(at: now) { return nil }
            let wait = entry.limiter.nextAdmission(after: now) - now
            return max(1, Int((wait + 999) / 1000))
        }
    }

    /// The rate limit of the workflow's `apiTrigger`, when it has a well-formed one.
    static func limit(of spec: WorkflowSpec) -> Scheduler.RateLimit? {
        guard let trigger = spec.triggers?.first(where: { $0.kind == .api }),
            let settings = trigger.settings.rateLimit, let count = settings.count, let interval = settings.interval
        else { return nil }
        return try? Scheduler.RateLimit(count: Int(count), interval: interval)
    }
}
