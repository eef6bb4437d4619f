import Scheduler
import Synchronization

/// A `WallClock` that moves only when a test says so: `sleep(untilMillis:)` suspends until a call to
/// `advance(to:)` or `advance(by:)` reaches the deadline. Nothing sleeps for real.
///
/// Sleepers are resumed in deadline order (then in the order they started sleeping), after `nowMillis` has
/// moved to the new time. A sleeper whose task is cancelled is removed and throws `CancellationError`.
public final class ManualClock: WallClock {
    struct Sleeper {
        let deadline: Int64
        let continuation: CheckedContinuation<Void, any Error>
    }

    struct State {
        var now: Int64
        var sleepers: [UInt64: Sleeper] = [:]
        /// Sleepers cancelled before they registered their continuation.
        var cancelled: Set<UInt64> = []
        var nextID: UInt64 = 0
        var watchers: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let state: Mutex<State>

    /// A clock reading `nowMillis`.
    public init(nowMillis: Int64 = 0) {
        state = Mutex(State(now: nowMillis))
    }

    /// The clock's time in milliseconds since the epoch.
    public var nowMillis: Int64 { state.withLock { $0.now } }

    /// The deadlines of the tasks sleeping now, earliest first.
    public var sleepingDeadlines: [Int64] {
        state.withLock { $0.sleepers.values.map(\.deadline).sorted() }
    }

    public func sleep(untilMillis deadline: Int64) async throws {
        try Task.checkCancellation()
        let id = state.withLock { state -> UInt64 in
            defer { state.nextID += 1 }
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let (result, watchers) = state.withLock {
                    state -> (Result<Void, any Error>?, [CheckedContinuation<Void, Never>]) in
                    if state.cancelled.remove(id) != nil { return (.failure(CancellationError()), []) }
                    if deadline <= state.now { return (.success(()), []) }
                    state.sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                    return (nil, Self.satisfiedWatchers(&state))
                }
                for watcher in watchers { watcher.resume() }
                if let result { continuation.resume(with: result) }
            }
        } onCancel: {
            let sleeper = state.withLock { state -> Sleeper? in
                if let sleeper = state.sleepers.removeValue(forKey: id) { return sleeper }
                state.cancelled.insert(id)
                return nil
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves the clock to `millis` (never backwards) and resumes every sleeper whose deadline it reaches.
    /// - Returns: the deadlines of the sleepers resumed, in the order they were resumed.
    @discardableResult
    public func advance(to millis: Int64) -> [Int64] {
        let due = state.withLock { state -> [(key: UInt64, value: Sleeper)] in
            state.now = Swift.max(state.now, millis)
            let now = state.now
            let due = state.sleepers.filter { $0.value.deadline <= now }
                .sorted { ($0.value.deadline, $0.key) < ($1.value.deadline, $1.key) }
            for (id, _) in due { state.sleepers[id] = nil }
            return due
        }
        for (_, sleeper) in due { sleeper.continuation.resume() }
        return due.map(\.value.deadline)
    }

    /// Moves the clock forward by `millis` and resumes the sleepers it reaches.
    /// - Returns: the deadlines of the sleepers resumed, in the order they were resumed.
    @discardableResult
    public func advance(by millis: Int64) -> [Int64] {
        precondition(millis >= 0, "a manual clock only moves forward")
        return advance(to: nowMillis + millis)
    }

    /// Suspends until at least `count` tasks are sleeping on this clock, so a test can advance time only once
    /// the code under test is waiting for it.
    public func waitForSleepers(_ count: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state -> Bool in
                if state.sleepers.count >= count { return true }
                state.watchers.append((count, continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }

    private static func satisfiedWatchers(_ state: inout State) -> [CheckedContinuation<Void, Never>] {
        let sleeping = state.sleepers.count
        let ready = state.watchers.filter { $0.count <= sleeping }.map(\.continuation)
        state.watchers.removeAll { $0.count <= sleeping }
        return ready
    }
}
