import Store
import Synchronization
import Workflow

/// Persists an execution's events like `StoreObserver`, making the engine wait only for the writes that matter to
/// crash recovery.
///
/// Two events are durable before the engine goes on: `stepFinished` (so a step whose result was stored never runs
/// again after a crash: its dependents start only once it is committed) and `executionFinished` (so the worker
/// and the callback outbox see the terminal status committed). The others — `executionStarted`, `stepStarted`,
/// `attemptFinished`, `outputs` — are held and written in the same transaction as the next durable one, or by a
/// background flush after `flushDelay` if none comes sooner (a long step still shows `Running` within that
/// delay). Losing a held event in a crash loses nothing that matters: the step it was about had not finished, so
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
    /// How long held events may wait for a durable event before they are written on their own; `nil` holds them
    /// until the next durable event.
    let flushDelay: Duration?
    let onError: @Sendable ([ExecutionEvent], any Error) async -> Void
    private let state = Mutex(State())

    init(
        store: any Store, flushDelay: Duration? = .milliseconds(50),
        onError: @escaping @Sendable ([ExecutionEvent], any Error) async -> Void
    ) {
        self.store = store
        self.flushDelay = flushDelay
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
            if scheduleFlush, let flushDelay {
                Task { [self] in
                    try? await Task.sleep(for: flushDelay)
                    await flushHeld()
                }
            }
        }
    }

    /// Writes the held events, if any, and returns once they are committed.
    func flushHeld() async {
        await write(including: nil).value
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
