import Synchronization

@testable import Workflow

/// An action whose behaviour is a closure of the call number (1-based across all its calls); it records every
/// invocation and every cancellation it saw.
final class FakeAction: Action {
    let descriptor: ActionDescriptor
    private let behavior: @Sendable (ActionInvocation, Int) async throws -> ActionResult
    private let calls = Mutex<[ActionInvocation]>([])
    private let cancellations = Mutex(0)

    init(
        _ id: String, parameters: [ActionParameter] = [],
        _ behavior: @escaping @Sendable (ActionInvocation, Int) async throws -> ActionResult
    ) {
        descriptor = ActionDescriptor(id: id, description: "A fake action for tests.", parameters: parameters)
        self.behavior = behavior
    }

    func run(_ invocation: ActionInvocation) async throws -> ActionResult {
        let number = calls.withLock { calls in
            calls.append(invocation)
            return calls.count
        }
        do {
            return try await behavior(invocation, number)
        } catch is CancellationError {
            cancellations.withLock { $0 += 1 }
            throw CancellationError()
        }
    }

    var invocations: [ActionInvocation] { calls.withLock { $0 } }
    var callCount: Int { calls.withLock { $0.count } }
    var cancellationCount: Int { cancellations.withLock { $0 } }

    /// Succeeds with `output` on `branch`.
    static func succeeding(_ id: String, output: JSONValue = [:], branch: String = "main") -> FakeAction {
        FakeAction(id) { _, _ in ActionResult(output: output, branch: branch) }
    }

    /// Fails the first `failures` calls, then succeeds with `{"call": n}`.
    static func failing(_ id: String, times failures: Int = .max) -> FakeAction {
        FakeAction(id) { _, call in
            if call <= failures { throw ActionFailure(code: "fake.failed", message: "call \(call) failed") }
            return ActionResult(output: ["call": .int(Int64(call))])
        }
    }

    /// Waits until cancelled.
    static func hanging(_ id: String, started: Signal? = nil) -> FakeAction {
        FakeAction(id) { _, _ in
            started?.fire()
            try await Hang.untilCancelled()
            return ActionResult()
        }
    }
}

/// Suspends until the task is cancelled, without a clock.
enum Hang {
    static func untilCancelled() async throws {
        let parked = Mutex<(CheckedContinuation<Void, any Error>?, Bool)>((nil, false))
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let cancelled = parked.withLock { state in
                    if state.1 { return true }
                    state.0 = continuation
                    return false
                }
                if cancelled { continuation.resume(throwing: CancellationError()) }
            }
        } onCancel: {
            let continuation = parked.withLock { state in
                state.1 = true
                return state.0.take()
            }
            continuation?.resume(throwing: CancellationError())
        }
    }
}

/// A one-shot event tasks can wait for.
final class Signal: Sendable {
    private let state = Mutex<(fired: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func fire() {
        let waiters = state.withLock { state in
            state.fired = true
            defer { state.waiters = [] }
            return state.waiters
        }
        waiters.forEach { $0.resume() }
    }

    func wait() async {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state in
                if state.fired { return true }
                state.waiters.append(continuation)
                return false
            }
            if ready { continuation.resume() }
        }
    }
}

/// Records every event.
final class RecordingObserver: ExecutionObserver {
    private let recorded = Mutex<[ExecutionEvent]>([])

    func observe(_ event: ExecutionEvent) async {
        recorded.withLock { $0.append(event) }
    }

    var events: [ExecutionEvent] { recorded.withLock { $0 } }

    /// A short name per event: `started`, `step A`, `attempt A 1`, `done A Successful`, `outputs`, `finished`.
    var summary: [String] {
        events.map { event in
            switch event {
            case .executionStarted: "started"
            case .stepStarted(_, let step, _): "step \(step)"
            case .attemptFinished(_, let step, let attempt): "attempt \(step) \(attempt.number)"
            case .stepFinished(_, let step): "done \(step.name) \(step.status.rawValue)"
            case .outputs: "outputs"
            case .executionFinished(let execution): "finished \(execution.status.rawValue)"
            }
        }
    }
}
