import Scheduler
import Synchronization
import Workflow

/// Hands queued executions to workers: highest priority first, FIFO within a priority (the Scheduler's
/// `ExecutionQueue`), at most `workflowConcurrency` running per workflow, and tracks what runs so it can be
/// cancelled.
///
/// A lock rather than an actor: cancellation handlers and shutdown must reach it synchronously.
public final class ExecutionDispatcher: Sendable {
    /// One execution a worker should run.
    public struct Job: Hashable, Sendable {
        public var executionID: String
        public var workflowID: String
        public var priority: Int

        public init(executionID: String, workflowID: String, priority: Int) {
            self.executionID = executionID
            self.workflowID = workflowID
            self.priority = priority
        }
    }

    /// What `cancel(_:)` found.
    public enum Cancellation: Hashable, Sendable {
        /// It was waiting and has been taken out of the queue: the caller records it `Cancelled`.
        case dequeued(Job)
        /// It is running (or about to): its task has been, or will at once be, cancelled.
        case running
        /// The dispatcher does not hold it.
        case unknown
    }

    private struct State: ~Copyable {
        var queue = ExecutionQueue<String>()
        var jobs: [String: Job] = [:]
        /// Executions popped while their workflow was at its limit, in pop order, by workflow.
        var parked: [String: [Job]] = [:]
        var runningByWorkflow: [String: Int] = [:]
        /// Claimed executions: their task once it is registered, and whether a cancel came first.
        var claimed: [String: (task: Task<Void, Never>?, cancelRequested: Bool)] = [:]
        var waiters: [(id: UInt64, continuation: CheckedContinuation<Job?, Never>)] = []
        /// Waiters whose task was cancelled before they could wait.
        var cancelledWaiters: Set<UInt64> = []
        var nextWaiterID: UInt64 = 0
        var idleWaiters: [CheckedContinuation<Void, Never>] = []
        var stopped = false
        /// The stored state of queued executions this process created, so a worker need not read it back.
        var snapshots: [String: Execution] = [:]
    }

    /// The most snapshots held: past it, queued executions are read from the store when they run, so a long
    /// queue costs no more memory than its ids.
    public static let snapshotLimit = 4_096

    private let state = Mutex(State())
    /// Told the id of each execution that leaves the dispatcher (the trigger core's overlap bookkeeping).
    private let endedHandler = Mutex<EndedHandler?>(nil)

    /// The handler in a struct: a function value kept directly in the generic `Mutex` would be wrapped in two more
    /// reabstraction thunks by every `withLock { $0 }` read, until calling it overflows the stack.
    private struct EndedHandler: Sendable {
        let call: @Sendable (String) -> Void
    }
    public let workflowConcurrency: Int?

    public init(workflowConcurrency: Int? = nil) {
        self.workflowConcurrency = workflowConcurrency
    }

    /// Queues an execution; `fireTime` (ms) orders executions of one priority. `snapshot` is the execution as just
    /// stored (`Pending`), which the worker may take instead of reading it back (`takeSnapshot`).
    public func enqueue(
        executionID: String, workflowID: String, priority: Int, fireTime: Int64, snapshot: Execution? = nil
    ) {
        let waiter: (CheckedContinuation<Job?, Never>, Job)? = state.withLock { state in
            if let snapshot, state.snapshots.count < Self.snapshotLimit { state.snapshots[executionID] = snapshot }
            let job = Job(executionID: executionID, workflowID: workflowID, priority: priority)
            state.jobs[executionID] = job
            _ = state.queue.push(executionID, priority: priority, fireTime: fireTime)
            guard !state.waiters.isEmpty, let next = Self.claimNext(&state, limit: workflowConcurrency) else {
                return nil
            }
            return (state.waiters.removeFirst().continuation, next)
        }
        if let (continuation, job) = waiter { continuation.resume(returning: job) }
    }

    /// The next execution to run, waiting until there is one; `nil` once the dispatcher is stopped or the waiting
    /// task is cancelled (a failed service cancels the agent's group: the workers must not outlive it).
    public func next() async -> Job? {
        let id = state.withLock { state -> UInt64 in
            defer { state.nextWaiterID += 1 }
            return state.nextWaiterID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let ready: Job?? = state.withLock { state in
                    if state.stopped || state.cancelledWaiters.remove(id) != nil { return .some(nil) }
                    if let job = Self.claimNext(&state, limit: workflowConcurrency) { return .some(job) }
                    state.waiters.append((id, continuation))
                    return .none
                }
                if let ready { continuation.resume(returning: ready) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Job?, Never>? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else {
                    state.cancelledWaiters.insert(id)
                    return nil
                }
                return state.waiters.remove(at: index).continuation
            }
            waiter?.resume(returning: nil)
        }
    }

    /// Sets what is called, outside the dispatcher's lock, with the id of each execution that leaves it: finished
    /// by a worker, or cancelled while it waited. A later call replaces the handler.
    public func onEnded(_ handler: @escaping @Sendable (String) -> Void) {
        endedHandler.withLock { $0 = EndedHandler(call: handler) }
    }

    private func ended(_ executionID: String) {
        endedHandler.withLock { $0 }?.call(executionID)
    }

    /// Registers the task running a claimed execution; cancels it at once when a cancel came first.
    public func started(_ executionID: String, task: Task<Void, Never>) {
        let cancel = state.withLock { state in
            state.claimed[executionID]?.task = task
            return state.claimed[executionID]?.cancelRequested ?? false
        }
        if cancel { task.cancel() }
    }

    /// Marks a claimed execution done and lets a parked one of its workflow run.
    public func finished(_ job: Job) {
        let waiter: (CheckedContinuation<Job?, Never>, Job)? = state.withLock { state in
            state.claimed[job.executionID] = nil
            state.runningByWorkflow[job.workflowID, default: 1] -= 1
            if state.runningByWorkflow[job.workflowID] == 0 { state.runningByWorkflow[job.workflowID] = nil }
            if var parked = state.parked[job.workflowID], !parked.isEmpty {
                let unparked = parked.removeFirst()
                state.parked[job.workflowID] = parked.isEmpty ? nil : parked
                // Back to the queue ahead of later arrivals of its priority.
                _ = state.queue.push(unparked.executionID, priority: unparked.priority, fireTime: .min)
                state.jobs[unparked.executionID] = unparked
            }
            guard !state.waiters.isEmpty, let next = Self.claimNext(&state, limit: workflowConcurrency) else {
                return nil
            }
            return (state.waiters.removeFirst().continuation, next)
        }
        if let (continuation, job) = waiter { continuation.resume(returning: job) }
        ended(job.executionID)
        releaseIdleWaiters()
    }

    /// Resumes the callers of `idle()` when nothing is queued or running.
    private func releaseIdleWaiters() {
        let idle = state.withLock { state in
            guard Self.isIdle(state) else { return [CheckedContinuation<Void, Never>]() }
            defer { state.idleWaiters.removeAll() }
            return state.idleWaiters
        }
        for waiter in idle { waiter.resume() }
    }

    private static func isIdle(_ state: borrowing State) -> Bool {
        state.queue.isEmpty && state.claimed.isEmpty && state.parked.isEmpty
    }

    /// Returns once nothing is queued or running (at once when that is so already).
    public func idle() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state in
                if Self.isIdle(state) { return true }
                state.idleWaiters.append(continuation)
                return false
            }
            if ready { continuation.resume() }
        }
    }

    /// Cancels a queued or running execution.
    public func cancel(_ executionID: String) -> Cancellation {
        let (result, task): (Cancellation, Task<Void, Never>?) = state.withLock { state in
            if state.queue.remove(executionID) != nil, let job = state.jobs.removeValue(forKey: executionID) {
                state.snapshots[executionID] = nil
                return (.dequeued(job), nil)
            }
            for (workflowID, jobs) in state.parked {
                if let index = jobs.firstIndex(where: { $0.executionID == executionID }) {
                    let job = state.parked[workflowID]!.remove(at: index)
                    if state.parked[workflowID]!.isEmpty { state.parked[workflowID] = nil }
                    state.snapshots[executionID] = nil
                    return (.dequeued(job), nil)
                }
            }
            guard state.claimed[executionID] != nil else { return (.unknown, nil) }
            state.claimed[executionID]!.cancelRequested = true
            return (.running, state.claimed[executionID]!.task)
        }
        task?.cancel()
        if case .dequeued(let job) = result { ended(job.executionID) }
        releaseIdleWaiters()
        return result
    }

    /// The execution as it was stored when queued, if it was given and not taken yet (it is handed out once).
    /// Only creation and cancellation (which takes the job out of the queue) change a queued execution's row, and
    /// `PUT …/properties`, which `PropertyChanges` covers, so the snapshot is what the store would answer.
    public func takeSnapshot(_ executionID: String) -> Execution? {
        state.withLock { $0.snapshots.removeValue(forKey: executionID) }
    }

    /// Stops handing out work: waiting workers get `nil`; running executions are left to finish.
    public func stop() {
        let waiters = state.withLock { state in
            state.stopped = true
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.continuation.resume(returning: nil) }
    }

    /// Executions waiting (queued or parked behind their workflow's limit).
    public var depth: Int {
        state.withLock { state in state.queue.count + state.parked.values.reduce(0) { $0 + $1.count } }
    }

    /// Executions claimed by workers.
    public var runningCount: Int { state.withLock { $0.claimed.count } }

    /// Pops until a job whose workflow is under its limit turns up, parking the others; claims it.
    private static func claimNext(_ state: inout State, limit: Int?) -> Job? {
        while let popped = state.queue.pop() {
            guard let job = state.jobs.removeValue(forKey: popped.id) else { continue }
            if let limit, state.runningByWorkflow[job.workflowID, default: 0] >= limit {
                state.parked[job.workflowID, default: []].append(job)
                continue
            }
            state.runningByWorkflow[job.workflowID, default: 0] += 1
            state.claimed[job.executionID] = (nil, false)
            return job
        }
        return nil
    }
}
