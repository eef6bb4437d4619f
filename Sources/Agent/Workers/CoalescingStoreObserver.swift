import Foundation
import Store
import Synchronization
import Workflow

/// Persists an execution's events like `StoreObserver`, making the engine wait only for the writes that matter to
/// crash recovery.
///
/// The engine waits for a commit at two points: before a step starts while a finished step's record is not yet
/// committed (held, or in a flush that has not committed) (so a step whose result was stored never runs again after a crash: its dependents start only once it
/// is committed), and at `executionFinished` (so the worker and the callback outbox see the terminal status
/// committed). Every other event — `executionStarted`, `stepStarted`, `attemptFinished`, `outputs`, and a
/// `stepFinished` no step start follows — is held and written in the same transaction as the next awaited write,
/// or by the worker pool's `HeldEventFlusher` within its interval if none comes sooner (a long step still shows
/// `Running`, and a finished branch beside a long one shows its end, within that delay; one flusher serves every
/// execution, so holding costs no timer per execution). Losing a held event in a crash loses nothing that
/// matters: a step whose end was not committed had started no dependent, so recovery runs it again (at least once
/// per step, as documented).
///
/// Every write of one execution goes through one chain, each waiting for the one before, so events are applied
/// in the order they happened even when a held event rides with another step's write. `executionFinished` carries
/// every step with its attempts and the outputs, so the events still held when it comes are dropped rather than
/// written before it. A one-step execution costs one awaited commit of one write, which is what bounds the workers
/// at `synchronous=FULL`.
///
/// A write that fails because of the database (the disk is full) is tried again through `retry` until it goes
/// through; the writes after it wait in the chain, so the order holds. After `interruptForShutdown`, the
/// engine's `Cancelled` end is stored as `ShutdownInterruption` says instead (left `Running` to resume, or
/// `Failed`), and the stopped steps' and attempts' ends are not written.
final class CoalescingStoreObserver: ExecutionObserver {
    private struct State {
        var held: [ExecutionEvent] = []
        /// A held `stepFinished`: the next step start waits for its commit.
        var heldStepEnd = false
        /// Writes started that carry a `stepFinished`, and how many of them have settled (in chain order): a step
        /// start waits while one is unsettled, as the disk may be refusing it.
        var stepEndWrites = 0
        var settledStepEndWrites = 0
        var flushScheduled = false
        /// The newest write; the next one waits for it.
        var last: Task<Void, Never>?
        /// The steps started and not finished, in start order (what a shutdown waits for).
        var runningSteps: [String] = []
        /// Set when the agent's shutdown grace period ended while the execution ran.
        var shutdown: Shutdown?
        /// Whether the shutdown left the execution `Running` for the next start.
        var leftToResume = false
        /// Whether the shutdown ended the execution `Failed` (`onAgentRestart: fail`).
        var failedByShutdown = false
    }

    /// How the execution ends because the agent shut down.
    private struct Shutdown {
        var interruption: ShutdownInterruption
        var resumes: Bool
        var now: @Sendable () -> Date
    }

    let store: any Store
    /// Writes held events that waited too long; `nil` holds them until the next durable event.
    let flusher: HeldEventFlusher?
    /// Tries writes again while the database cannot write; `nil` reports the first failure to `onError`.
    let retry: StoreWriteRetry?
    let onError: @Sendable ([ExecutionEvent], any Error) async -> Void
    private let state = Mutex(State())

    init(
        store: any Store, flusher: HeldEventFlusher?, retry: StoreWriteRetry? = nil,
        onError: @escaping @Sendable ([ExecutionEvent], any Error) async -> Void
    ) {
        self.store = store
        self.flusher = flusher
        self.retry = retry
        self.onError = onError
    }

    /// The steps running now, in the order they started.
    var runningSteps: [String] { state.withLock { $0.runningSteps } }

    /// Whether the agent's shutdown left the execution `Running`, to resume at the next start.
    var leftToResume: Bool { state.withLock { $0.leftToResume } }

    /// Whether the agent's shutdown ended the execution `Failed`, as its workflow's `onAgentRestart: fail` asks.
    var failedByShutdown: Bool { state.withLock { $0.failedByShutdown } }

    /// From now on, a `Cancelled` end is the agent's shutdown: stored per `interruption` (left `Running` when
    /// `resumes`, else `Failed`), the stopped steps' ends not written. Call it before cancelling the engine.
    func interruptForShutdown(
        _ interruption: ShutdownInterruption, resumes: Bool, now: @escaping @Sendable () -> Date
    ) {
        state.withLock { $0.shutdown = Shutdown(interruption: interruption, resumes: resumes, now: now) }
    }

    func observe(_ event: ExecutionEvent) async {
        await retry?.waitForRoom()
        var event = event
        let shutdown = state.withLock { state in
            switch event {
            case .stepStarted(_, let name, _): state.runningSteps.append(name)
            case .stepFinished(_, let step): state.runningSteps.removeAll { $0 == step.name }
            default: break
            }
            return state.shutdown
        }
        if let shutdown {
            switch event {
            case .stepFinished(_, let step) where step.status == .stopped:
                return
            case .attemptFinished(_, _, let attempt) where attempt.outcome == .stopped:
                return
            case .executionFinished(let execution) where execution.status == .cancelled:
                guard shutdown.resumes else {
                    event = .executionFinished(shutdown.interruption.failed(execution, at: shutdown.now()))
                    state.withLock { $0.failedByShutdown = true }
                    break
                }
                let interrupted = shutdown.interruption.interrupted(execution, at: shutdown.now())
                await write(including: .executionStarted(interrupted), superseding: true).value
                state.withLock { $0.leftToResume = true }
                return
            default:
                break
            }
        }
        switch event {
        case .executionFinished:
            await write(including: event, superseding: true).value
        case .stepStarted where state.withLock({ $0.heldStepEnd || $0.stepEndWrites > $0.settledStepEndWrites }):
            await write(including: event).value
        case .executionStarted, .stepStarted, .attemptFinished, .outputs, .stepFinished:
            let scheduleFlush = state.withLock { state in
                state.held.append(event)
                if case .stepFinished = event { state.heldStepEnd = true }
                defer { state.flushScheduled = true }
                return !state.flushScheduled
            }
            if scheduleFlush { flusher?.register(self) }
        }
    }

    /// Writes the held events, if any, and returns once they are committed.
    func flushHeld() async {
        await write(including: nil).value
    }

    /// Returns once every write started so far is committed, starting none.
    func settled() async {
        await state.withLock { $0.last }?.value
    }

    /// Starts writing the held events, if any, without waiting for the commit.
    func startFlush() {
        _ = write(including: nil)
    }

    /// Chains one write of the held events plus `event` after the previous write; with `superseding`, `event`
    /// alone.
    private func write(including event: ExecutionEvent?, superseding: Bool = false) -> Task<Void, Never> {
        state.withLock { state in
            let batch: [ExecutionEvent]
            if superseding, let event {
                // The whole execution (its end, or what a shutdown leaves) carries every step with its attempts and
                // the outputs: it supersedes what was held, and writing it alone saves encoding and upserting the
                // same rows twice.
                batch = [event]
            } else {
                batch = state.held + (event.map { [$0] } ?? [])
            }
            state.held.removeAll()
            state.heldStepEnd = false
            let carriesStepEnd = batch.contains { event in
                if case .stepFinished = event { return true }
                return false
            }
            if carriesStepEnd { state.stepEndWrites += 1 }
            let stepEndNumber = state.stepEndWrites
            state.flushScheduled = false
            let previous = state.last
            let store = self.store
            let onError = self.onError
            let retry = self.retry
            let task = Task {
                await previous?.value
                guard let first = batch.first else { return }
                let failure: (any Error)?
                if let retry {
                    failure = await retry.persist(batch.count, of: first.executionID) { try await store.record(batch) }
                } else {
                    do {
                        try await store.record(batch)
                        failure = nil
                    } catch {
                        failure = error
                    }
                }
                if let failure { await onError(batch, failure) }
                if carriesStepEnd {
                    self.state.withLock { $0.settledStepEndWrites = max($0.settledStepEndWrites, stepEndNumber) }
                }
            }
            state.last = task
            return task
        }
    }
}

/// Writes, every `interval`, the events executions have held for longer than that: one task for the whole worker
/// pool instead of a timer per execution.
final class HeldEventFlusher: Sendable {
    let interval: Duration
    private let waiting = Mutex<[ObjectIdentifier: CoalescingStoreObserver]>([:])

    init(interval: Duration = .milliseconds(50)) {
        self.interval = interval
    }

    /// Flushes `observer`'s held events at the next tick.
    func register(_ observer: CoalescingStoreObserver) {
        waiting.withLock { $0[ObjectIdentifier(observer)] = observer }
    }

    /// Flushes every `interval` until the task is cancelled, then once more.
    func run() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            flushNow()
        }
        flushNow()
    }

    /// Starts writing the held events of every registered observer.
    func flushNow() {
        let due = waiting.withLock { waiting in
            defer { waiting.removeAll(keepingCapacity: true) }
            return Array(waiting.values)
        }
        for observer in due { observer.startFlush() }
    }
}
