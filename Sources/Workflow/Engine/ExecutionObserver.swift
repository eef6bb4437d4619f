import Foundation

/// Something that happened during an execution, in the order it happened for each step.
public enum ExecutionEvent: Hashable, Sendable {
    /// The execution is `Running`; every step is listed as `Pending` (for a resumed execution, the steps that
    /// finished before the agent restarted keep their results, and the steps that run again are `Pending`).
    case executionStarted(Execution)
    /// A step's first attempt is starting.
    case stepStarted(executionID: String, stepName: String, at: Date)
    /// One attempt ended (a retry may follow).
    case attemptFinished(executionID: String, stepName: String, attempt: StepAttempt)
    /// A step reached its final status.
    case stepFinished(executionID: String, step: StepRun)
    /// The workflow's outputs were computed.
    case outputs(executionID: String, [String: JSONValue])
    /// The execution reached a terminal status; this is its final state.
    case executionFinished(Execution)
}

/// Receives an execution's events as they happen; the store persists them, the CLI prints them.
///
/// The engine awaits each call, so an observer that is slow slows the run; it must not throw.
public protocol ExecutionObserver: Sendable {
    func observe(_ event: ExecutionEvent) async
}

/// An observer that ignores every event.
public struct IgnoringObserver: ExecutionObserver {
    public init() {}
    public func observe(_ event: ExecutionEvent) async {}
}
