import Synchronization
import Workflow

/// The events of the executions this process runs, for whoever follows one (`GET …/instances/{id}/events`).
///
/// Each running execution's events are kept from its start until it finishes, so a follower that arrives late gets
/// them all from the beginning before the live ones, with nothing lost in between: `follow` hands out the history
/// and registers the live stream under one lock, and `publish` appends and delivers under the same lock. When the
/// execution finishes its entry is dropped (the store has the final state by then) and every stream ends.
///
/// - Complexity: `publish` is O(followers of that execution); memory is the events of the running executions.
public final class ExecutionEventHub: Sendable {
    /// One follower's view: the events before it arrived, then the live ones until the execution finishes.
    public struct Following: Sendable {
        public var history: [ExecutionEvent]
        public var live: AsyncStream<ExecutionEvent>
        let continuation: AsyncStream<ExecutionEvent>.Continuation

        /// Stops following (the hub forgets this follower).
        public func stop() {
            continuation.finish()
        }
    }

    private struct Entry {
        var history: [ExecutionEvent] = []
        var started = false
        var followers: [UInt64: AsyncStream<ExecutionEvent>.Continuation] = [:]
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var nextFollower: UInt64 = 0
    }

    private let state = Mutex(State())

    public init() {}

    /// Records `event` of its execution and hands it to the execution's followers; an `executionFinished` ends them.
    public func publish(_ event: ExecutionEvent) {
        let id = event.executionID
        let finished: [AsyncStream<ExecutionEvent>.Continuation] = state.withLock { state in
            var entry = state.entries[id] ?? Entry()
            if case .executionStarted = event {
                // A resumed execution starts again: its history is what this start says.
                entry.history = []
                entry.started = true
            }
            for follower in entry.followers.values { follower.yield(event) }
            if case .executionFinished = event {
                state.entries[id] = nil
                return Array(entry.followers.values)
            }
            entry.history.append(event)
            state.entries[id] = entry
            return []
        }
        for follower in finished { follower.finish() }
    }

    /// Follows execution `id`: its events so far in this process (none when it has not started here, or has
    /// finished), then the live ones. The stream ends when the execution finishes or the follower stops iterating.
    public func follow(_ id: String) -> Following {
        let (stream, continuation) = AsyncStream<ExecutionEvent>.makeStream(bufferingPolicy: .unbounded)
        let (history, number) = state.withLock { state in
            let number = state.nextFollower
            state.nextFollower += 1
            var entry = state.entries[id] ?? Entry()
            entry.followers[number] = continuation
            state.entries[id] = entry
            return (entry.history, number)
        }
        continuation.onTermination = { [weak self] _ in self?.unfollow(id, number) }
        return Following(history: history, live: stream, continuation: continuation)
    }

    /// The executions with an entry (running here, or followed before they start), for tests and `/metrics`.
    public var trackedExecutions: Int {
        state.withLock { $0.entries.count }
    }

    private func unfollow(_ id: String, _ number: UInt64) {
        state.withLock { state in
            guard var entry = state.entries[id] else { return }
            entry.followers[number] = nil
            // An entry that only existed for this follower (the execution never started here) goes with it.
            state.entries[id] = entry.followers.isEmpty && !entry.started ? nil : entry
        }
    }
}

/// An observer that hands each event to the hub after the observer it wraps (the store) has taken it.
struct PublishingObserver: ExecutionObserver {
    var inner: any ExecutionObserver
    var hub: ExecutionEventHub

    func observe(_ event: ExecutionEvent) async {
        await inner.observe(event)
        hub.publish(event)
    }
}

extension ExecutionEvent {
    /// The execution the event belongs to.
    public var executionID: String {
        switch self {
        case .executionStarted(let execution), .executionFinished(let execution): execution.id
        case .stepStarted(let id, _, _), .attemptFinished(let id, _, _), .stepFinished(let id, _), .outputs(let id, _):
            id
        }
    }
}
