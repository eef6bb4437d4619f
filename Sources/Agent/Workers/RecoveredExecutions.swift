import Synchronization

/// The executions recovery found `Running` and queued to resume: the one way a worker accepts an execution that is
/// not `Pending`, and only once each.
///
/// A lock rather than an actor: it is a set read once per job, with nothing to await.
public final class RecoveredExecutions: Sendable {
    private let ids = Mutex<Set<String>>([])

    public init() {}

    /// Marks `executionID` as one to resume.
    public func add(_ executionID: String) {
        _ = ids.withLock { $0.insert(executionID) }
    }

    /// Whether `executionID` was marked to resume; removes the mark, so a second claim gets `false`.
    public func take(_ executionID: String) -> Bool {
        ids.withLock { $0.remove(executionID) != nil }
    }

    /// How many are marked and not yet taken.
    public var count: Int { ids.withLock { $0.count } }
}
