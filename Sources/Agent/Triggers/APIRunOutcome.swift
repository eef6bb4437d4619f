import Workflow

/// What became of a run requested over `POST …/instances`.
public enum APIRunOutcome: Hashable, Sendable {
    /// Stored `Pending` and queued.
    case created(Execution)
    /// The idempotency key was used before: the execution that request created.
    case existing(Execution)
    /// Refused by the apiTrigger's rate limit (recorded as a skipped fire); one would be admitted after this many
    /// seconds.
    case rateLimited(retryAfterSeconds: Int)
}
