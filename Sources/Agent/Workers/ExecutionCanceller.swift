import Foundation
import Store
import Workflow

/// Cancels an execution that has not ended: one that waits is taken out of the queue and stored `Cancelled` here;
/// a running one has its task cancelled and the engine stores it `Cancelled` as it stops.
///
/// What `PUT …/instances/{id}/cancel` and the `CANCEL_PREVIOUS` overlap behavior both do.
public struct ExecutionCanceller: Sendable {
    public var store: any Store
    public var dispatcher: ExecutionDispatcher
    public var metrics: AgentMetrics
    public var now: @Sendable () -> Date

    public init(
        store: any Store, dispatcher: ExecutionDispatcher, metrics: AgentMetrics, now: @escaping @Sendable () -> Date
    ) {
        self.store = store
        self.dispatcher = dispatcher
        self.metrics = metrics
        self.now = now
    }

    /// Cancels `execution`, which must not have ended.
    /// - Returns: what the dispatcher found; for `dequeued` and `unknown` the execution is stored `Cancelled`.
    /// - Throws: the store's error when the cancelled execution cannot be written.
    @discardableResult
    public func cancel(_ execution: Execution) async throws -> ExecutionDispatcher.Cancellation {
        let found = dispatcher.cancel(execution.id)
        switch found {
        case .running:
            break
        case .dequeued, .unknown:
            var cancelled = execution
            cancelled.status = .cancelled
            cancelled.error = StepError(code: "execution.cancelled", message: "the execution was cancelled")
            cancelled.finishedAt = now()
            for index in cancelled.steps.indices {
                switch cancelled.steps[index].status {
                case .pending:
                    cancelled.steps[index].status = .skipped
                case .running:
                    // A step a crash interrupted, in a recovered run that waited to resume: it stops here.
                    cancelled.steps[index].status = .stopped
                    cancelled.steps[index].finishedAt = cancelled.finishedAt
                default:
                    break
                }
            }
            cancelled.statistics = ExecutionStatistics(steps: cancelled.steps)
            try await store.record(.executionFinished(cancelled))
            metrics.executionFinished(.cancelled)
        }
        return found
    }
}
