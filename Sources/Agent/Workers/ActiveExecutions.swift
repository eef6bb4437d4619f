import Synchronization

/// The executions the worker pool runs now, with the observer that knows their running steps: what a graceful
/// shutdown says it waits for.
final class ActiveExecutions: Sendable {
    private let observers = Mutex<[String: CoalescingStoreObserver]>([:])

    func add(_ executionID: String, _ observer: CoalescingStoreObserver) {
        observers.withLock { $0[executionID] = observer }
    }

    func remove(_ executionID: String) {
        observers.withLock { $0[executionID] = nil }
    }

    /// Each running execution's id and running steps, ordered by id.
    func describe() -> [(id: String, steps: [String])] {
        observers.withLock { $0.map { (id: $0.key, steps: $0.value.runningSteps) } }.sorted { $0.id < $1.id }
    }

    /// `id (step, step), id (step)`, at most `limit` executions, then how many more.
    static func list(_ running: [(id: String, steps: [String])], limit: Int = 10) -> String {
        var parts = running.prefix(limit).map { entry in
            entry.steps.isEmpty ? entry.id : "\(entry.id) (\(entry.steps.joined(separator: ", ")))"
        }
        if running.count > limit { parts.append("and \(running.count - limit) more") }
        return parts.joined(separator: ", ")
    }
}
