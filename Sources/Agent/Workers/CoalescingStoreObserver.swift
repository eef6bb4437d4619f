import Store
import Synchronization
import Workflow

/// Persists an execution's events like `StoreObserver`, in fewer writes: `executionStarted` and `outputs` are
/// held and written in one transaction with the event that follows them.
///
/// Nothing runs between a held event and the next one (the engine starts the first steps right after
/// `executionStarted`, and ends with `executionFinished` right after `outputs`), so no action's effect is ever
/// recorded later than before; each execution costs two writes fewer, which is what bounds the workers'
/// throughput at `synchronous=FULL`.
struct CoalescingStoreObserver: ExecutionObserver {
    let store: any Store
    let onError: @Sendable ([ExecutionEvent], any Error) async -> Void
    private let held = HeldEvents()

    init(store: any Store, onError: @escaping @Sendable ([ExecutionEvent], any Error) async -> Void) {
        self.store = store
        self.onError = onError
    }

    func observe(_ event: ExecutionEvent) async {
        let batch: [ExecutionEvent]
        switch event {
        case .executionStarted, .outputs:
            held.hold(event)
            return
        default:
            batch = held.take() + [event]
        }
        do {
            try await store.record(batch)
        } catch {
            await onError(batch, error)
        }
    }
}

/// The events waiting for the next one, shared by the engine's concurrent step tasks.
private final class HeldEvents: Sendable {
    private let events = Mutex<[ExecutionEvent]>([])

    func hold(_ event: ExecutionEvent) { events.withLock { $0.append(event) } }

    func take() -> [ExecutionEvent] {
        events.withLock { events in
            defer { events.removeAll() }
            return events
        }
    }
}
