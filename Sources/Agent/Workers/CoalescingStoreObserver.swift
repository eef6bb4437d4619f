import Store
import Synchronization
import Workflow

/// Persists an execution's events like `StoreObserver`, making the engine wait only for the writes that matter to
/// crash recovery.
///
/// Two events are durable before the engine goes on: `stepFinished` (so a step whose result was stored never runs
/// again after a crash: its dependents start only once it is committed) and `executionFinished` (so the worker
/// and the callback outbox see the terminal status committed). The others — `executionStarted`, `stepStarted`,
/// `attemptFinished`, `outputs` — are held and written in the same transaction as the next durable one, or by the
/// worker pool's `HeldEventFlusher` within its interval if none comes sooner (a long step still shows `Running`
/// within that delay; one flusher serves every execution, so holding costs no timer per execution). Losing a held event in a crash loses nothing that matters: the step it was about had not finished, so
/// recovery runs it again either way (at least once per step, as documented).
///
/// Every write of one execution goes through one chain, each waiting for the one before, so events are applied
/// in the order they happened even when a held event rides with another step's write. A one-step execution costs
/// two commits instead of six events' worth, which is what bounds the workers at `synchronous=FULL`.
final class CoalescingStoreObserver: ExecutionObserver {
    private struct State {
        var held: [ExecutionEvent] = []
        var flushScheduled = false
        /// The newest write; the next one waits for it.
        var last: Task<Void, Never>?
    }

    let store: any Store
    /// Writes held events that waited too long; `nil` holds them until the next durable event.
    let flusher: HeldEventFlusher?
    let onError: @Sendable ([ExecutionEvent], any Error) async -> Void
    private let state = Mutex(State())

    init(
        store: any Store, flusher: HeldEventFlusher?,
        onError: @escaping @Sendable ([ExecutionEvent], any Error) async -> Void
    ) {
        self.store = store
        self.flusher = flusher
        self.onError = onError
    }

    func observe(_ event: ExecutionEvent) async {
        switch event {
        case .stepFinished, .executionFinished:
            await write(including: event).value
        case .executionStarted, .stepStarted, .attemptFinished, .outputs:
            let scheduleFlush = state.withLock { state in
                state.held.append(event)
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

    /// Chains one write of the held events plus `event` after the previous write.
    private func write(including event: ExecutionEvent?) -> Task<Void, Never> {
        state.withLock { state in
            let batch = state.held + (event.map { [$0] } ?? [])
            state.held.removeAll()
            state.flushScheduled = false
            let previous = state.last
            let store = self.store
            let onError = self.onError
            let task = Task {
                await previous?.value
                guard !batch.isEmpty else { return }
                do {
                    try await store.record(batch)
                } catch {
                    await onError(batch, error)
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
