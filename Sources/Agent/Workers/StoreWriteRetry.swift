import Logging
import Scheduler
import Store
import Synchronization

/// Holds the execution events the store could not write because of the database itself (the disk is full, the
/// file went read-only) and lets their writers try again every `interval`, until a write goes through: the runs
/// then finish without a restart, and no step runs twice (the engine still waits for a step's end to be committed
/// before the steps after it start, so a run whose writes fail waits rather than runs on).
///
/// Bounded: once `maxHeldEvents` events are held, every execution's next event waits (the engine pauses) until
/// some are written. At shutdown (`abandon()`), held events stop being retried; what was committed is what the next
/// start recovers from, as after a crash.
public final class StoreWriteRetry: Sendable {
    /// How held events are retried.
    public struct Settings: Hashable, Sendable {
        /// Between two tries of a held write (1 s by default).
        public var interval: Duration
        /// The most events held before executions wait (100,000 by default).
        public var maxHeldEvents: Int

        public init(interval: Duration = .seconds(1), maxHeldEvents: Int = 100_000) {
            self.interval = interval
            self.maxHeldEvents = maxHeldEvents
        }
    }

    /// What is held now, for `/healthz` and `/metrics`.
    public struct Snapshot: Hashable, Sendable {
        /// Events whose write failed and waits to be tried again.
        public var heldEvents: Int
        /// Executions those events belong to.
        public var executions: Int
        /// Tries of held writes since start.
        public var retries: Int
        /// Held events given up at shutdown since start.
        public var abandonedEvents: Int
    }

    private struct State {
        var held: [String: Int] = [:]
        var heldEvents = 0
        var retries = 0
        var abandonedEvents = 0
        var abandoned = false
        var nextWaiter = 0
        /// Counts `retryNow()` calls, so a writer that failed just before one does not wait for the next.
        var generation = 0
        /// Writers waiting for their next try, woken early by `retryNow()`.
        var retryWaiters: [Int: CheckedContinuation<Void, Never>] = [:]
        /// Executions waiting for room under `maxHeldEvents`.
        var roomWaiters: [CheckedContinuation<Void, Never>] = []
    }

    public let settings: Settings
    let clock: any WallClock
    let logger: Logger
    private let state = Mutex(State())

    public init(settings: Settings = Settings(), clock: any WallClock, logger: Logger) {
        self.settings = settings
        self.clock = clock
        self.logger = logger
    }

    /// What is held now.
    public var snapshot: Snapshot {
        state.withLock {
            Snapshot(
                heldEvents: $0.heldEvents, executions: $0.held.count, retries: $0.retries,
                abandonedEvents: $0.abandonedEvents)
        }
    }

    /// Writes `count` events of `executionID` with `write`, trying again while it fails because of the database.
    /// - Returns: `nil` once written; the error when it is not about the database (retrying would not help) or
    ///   the agent is shutting down.
    public func persist(
        _ count: Int, of executionID: String, _ write: @Sendable () async throws -> Void
    ) async -> (any Error)? {
        var tries = 0
        while true {
            let generation = state.withLock { $0.generation }
            do {
                try await write()
                if tries > 0 { written(count, of: executionID, after: tries) }
                return nil
            } catch {
                guard StoreWriteFailure.isAboutTheDatabase(error) else {
                    if tries > 0 { release(count, of: executionID, abandoned: false) }
                    return error
                }
                if tries == 0 { hold(count, of: executionID, error) }
                tries += 1
                guard await waitToRetry(after: generation) else {
                    release(count, of: executionID, abandoned: true)
                    return error
                }
            }
        }
    }

    /// Returns once fewer than `maxHeldEvents` events are held (at once when they are), or the agent stops.
    public func waitForRoom() async {
        let full = state.withLock { $0.heldEvents >= settings.maxHeldEvents && !$0.abandoned }
        guard full else { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let wait = state.withLock { state in
                guard state.heldEvents >= settings.maxHeldEvents, !state.abandoned else { return false }
                state.roomWaiters.append(continuation)
                return true
            }
            if !wait { continuation.resume() }
        }
    }

    /// Tries every held write again now, without waiting for the interval.
    public func retryNow() {
        let waiters = state.withLock { state in
            state.generation += 1
            defer { state.retryWaiters.removeAll() }
            return Array(state.retryWaiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Stops retrying (the agent is stopping): held writes end with their error, waiting executions go on.
    public func abandon() {
        let (retry, room, held) = state.withLock { state in
            state.abandoned = true
            defer {
                state.retryWaiters.removeAll()
                state.roomWaiters.removeAll()
            }
            return (Array(state.retryWaiters.values), state.roomWaiters, state.heldEvents)
        }
        if held > 0 {
            logger.error(
                """
                the agent is stopping: execution events the store could not write are given up; \
                the next start recovers those executions from what was written
                """,
                metadata: ["store.heldEvents": "\(held)"])
        }
        for waiter in retry { waiter.resume() }
        for waiter in room { waiter.resume() }
    }

    private func hold(_ count: Int, of executionID: String, _ error: any Error) {
        let total = state.withLock { state in
            state.held[executionID, default: 0] += count
            state.heldEvents += count
            return state.heldEvents
        }
        logger.warning(
            """
            the store cannot write execution events; they are held in memory and written again every \
            \(settings.interval) until it can
            """,
            metadata: [
                "execution.id": "\(executionID)", "events": "\(count)", "store.heldEvents": "\(total)",
                "error": "\(String(describing: error))",
            ])
    }

    private func written(_ count: Int, of executionID: String, after tries: Int) {
        release(count, of: executionID, abandoned: false)
        logger.notice(
            "wrote held execution events: the store accepts writes again",
            metadata: ["execution.id": "\(executionID)", "events": "\(count)", "tries": "\(tries + 1)"])
        // The store writes again: the other held writes need not wait for their interval.
        retryNow()
    }

    private func release(_ count: Int, of executionID: String, abandoned: Bool) {
        let room = state.withLock { state in
            state.held[executionID, default: count] -= count
            if state.held[executionID, default: 0] <= 0 { state.held[executionID] = nil }
            state.heldEvents -= count
            if abandoned { state.abandonedEvents += count }
            guard state.heldEvents < settings.maxHeldEvents else { return [CheckedContinuation<Void, Never>]() }
            defer { state.roomWaiters.removeAll() }
            return state.roomWaiters
        }
        for waiter in room { waiter.resume() }
    }

    /// Waits `interval` or until `retryNow()` (at once when one came since `generation`); `false` once the agent
    /// is stopping.
    private func waitToRetry(after generation: Int) async -> Bool {
        if state.withLock({ $0.abandoned }) { return false }
        let clock = self.clock
        let deadline = clock.nowMillis + Int64(settings.interval.components.seconds * 1000)
            + settings.interval.components.attoseconds / 1_000_000_000_000_000
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await clock.sleep(untilMillis: deadline) }
            group.addTask { await self.nextRetry(after: generation) }
            await group.next()
            group.cancelAll()
        }
        return state.withLock { state in
            if !state.abandoned { state.retries += 1 }
            return !state.abandoned
        }
    }

    /// Returns at the next `retryNow()` after `generation` or `abandon()`, or when the task is cancelled.
    private func nextRetry(after generation: Int) async {
        let id = state.withLock { state in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let ready = state.withLock { state in
                    if state.abandoned || Task.isCancelled || state.generation != generation { return true }
                    state.retryWaiters[id] = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { $0.retryWaiters.removeValue(forKey: id) }
            waiter?.resume()
        }
    }
}
