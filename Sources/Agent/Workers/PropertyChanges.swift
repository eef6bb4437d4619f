import Synchronization

/// The executions whose run properties `PUT …/instances/{id}/properties` changed since their worker last looked: a
/// running execution reads its properties again before its next steps start only when it is marked here, so runs
/// nobody changes read nothing more.
public final class PropertyChanges: Sendable {
    private let changed = Mutex<Set<String>>([])

    public init() {}

    /// Notes that `executionID`'s properties changed (after the change is committed).
    public func mark(_ executionID: String) {
        _ = changed.withLock { $0.insert(executionID) }
    }

    /// Whether `executionID` was marked since the last call; the mark is taken.
    public func take(_ executionID: String) -> Bool {
        changed.withLock { $0.remove(executionID) != nil }
    }

    /// Drops the mark of an execution that ended.
    public func forget(_ executionID: String) {
        _ = changed.withLock { $0.remove(executionID) }
    }

    /// How many executions are marked.
    public var count: Int { changed.withLock { $0.count } }
}
