import Workflow

/// Persists an execution's events as the engine reports them.
///
/// The engine's observer cannot throw, so a failed write is handed to `onError` (the agent logs it and may fail the
/// execution); the engine awaits each write, so a step starts only after the previous events are durable.
public struct StoreObserver: ExecutionObserver {
    public let store: any Store
    public let onError: @Sendable (ExecutionEvent, any Error) async -> Void

    public init(store: any Store, onError: @escaping @Sendable (ExecutionEvent, any Error) async -> Void) {
        self.store = store
        self.onError = onError
    }

    public func observe(_ event: ExecutionEvent) async {
        do {
            try await store.record(event)
        } catch {
            await onError(event, error)
        }
    }
}
