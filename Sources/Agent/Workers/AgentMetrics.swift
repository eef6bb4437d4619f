import Synchronization
import Workflow

/// Counters the agent keeps for `GET /metrics`.
public final class AgentMetrics: Sendable {
    private struct Counts {
        var finished: [ExecutionStatus: Int] = [:]
        var started = 0
        var requests: [Int: Int] = [:]
    }

    private let counts = Mutex(Counts())

    public init() {}

    /// An execution began running.
    public func executionStarted() { counts.withLock { $0.started += 1 } }

    /// An execution reached `status`.
    public func executionFinished(_ status: ExecutionStatus) {
        counts.withLock { $0.finished[status, default: 0] += 1 }
    }

    /// An API response was sent with `status`.
    public func responded(_ status: Int) { counts.withLock { $0.requests[status, default: 0] += 1 } }

    /// Executions finished since start, by status.
    public var finished: [ExecutionStatus: Int] { counts.withLock { $0.finished } }
    /// Executions started since start.
    public var started: Int { counts.withLock { $0.started } }
    /// API responses since start, by status code.
    public var responses: [Int: Int] { counts.withLock { $0.requests } }
}
