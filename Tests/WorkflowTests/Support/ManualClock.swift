import Foundation
import Synchronization

@testable import Workflow

/// A clock that moves only when told: `sleep` parks the caller until `advance…` passes its deadline.
/// Every requested sleep is recorded so tests can check retry delays without measuring time.
final class ManualClock: EngineClock {
    private struct Sleeper {
        var deadline: Duration
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var elapsed: Duration = .zero
        var nextID = 0
        var sleepers: [Int: Sleeper] = [:]
        var cancelledBeforeParking: Set<Int> = []
        var requested: [Duration] = []
    }

    let origin: Date
    private let state = Mutex(State())

    init(origin: Date = Date(timeIntervalSince1970: 1_750_000_000)) {
        self.origin = origin
    }

    func now() -> Date {
        let elapsed = state.withLock { $0.elapsed }
        return origin.addingTimeInterval(
            Double(elapsed.components.seconds)
                + Double(elapsed.components.attoseconds) / 1e18)
    }

    /// Time since `origin`.
    var elapsed: Duration { state.withLock { $0.elapsed } }

    /// Every duration passed to `sleep`, in call order.
    var requestedSleeps: [Duration] { state.withLock { $0.requested } }

    var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    func sleep(for duration: Duration) async throws {
        let id = state.withLock { state in
            state.nextID += 1
            state.requested.append(duration)
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let immediate: Result<Void, any Error>? = state.withLock { state in
                    if state.cancelledBeforeParking.remove(id) != nil { return .failure(CancellationError()) }
                    if duration <= .zero { return .success(()) }
                    state.sleepers[id] = Sleeper(deadline: state.elapsed + duration, continuation: continuation)
                    return nil
                }
                if let immediate { continuation.resume(with: immediate) }
            }
        } onCancel: {
            let continuation = state.withLock { state in
                if let sleeper = state.sleepers.removeValue(forKey: id) { return Optional(sleeper.continuation) }
                state.cancelledBeforeParking.insert(id)
                return nil
            }
            continuation?.resume(throwing: CancellationError())
        }
    }

    /// Moves time to the earliest deadline and wakes every sleeper due by then.
    /// - Returns: whether any sleeper woke.
    @discardableResult
    func advanceToNextDeadline() -> Bool {
        let due = state.withLock { state -> [CheckedContinuation<Void, any Error>] in
            guard let next = state.sleepers.values.map(\.deadline).min() else { return [] }
            state.elapsed = max(state.elapsed, next)
            return takeDue(&state)
        }
        due.forEach { $0.resume() }
        return !due.isEmpty
    }

    /// Moves time forward by `duration`, waking every sleeper due by then.
    func advance(by duration: Duration) {
        let due = state.withLock { state in
            state.elapsed += duration
            return takeDue(&state)
        }
        due.forEach { $0.resume() }
    }

    private func takeDue(_ state: inout State) -> [CheckedContinuation<Void, any Error>] {
        let ids = state.sleepers.filter { $0.value.deadline <= state.elapsed }
            .sorted { ($0.value.deadline, $0.key) < ($1.value.deadline, $1.key) }.map(\.key)
        return ids.compactMap { state.sleepers.removeValue(forKey: $0)?.continuation }
    }
}
