import Foundation
import Logging
import Scheduler
import Store
import Synchronization
import Workflow

/// The one place triggers fire: each trigger's `TriggerPlanner` (recurrence, catch-up, overlap, jitter, rate
/// limit), one `TimerWheel` of every armed schedule trigger, and the runs each trigger started. It performs what
/// the planners decide: a started fire's execution is written `Pending` together with the fire and the trigger's
/// new state (one transaction), then queued in the dispatcher; a skipped fire is recorded with its reason.
///
/// The table is a value under one lock (decisions take microseconds and never wait); every store write happens
/// outside it. Schedule triggers are driven by `run()` (the `ScheduleDriver` service); event triggers fire through
/// `fire(_:)` (`TriggerEventSink`) and `startAPIRun(_:workflow:idempotencyKey:actor:)`. The workflow routes
/// call `workflowChanged(_:)` and `workflowDeleted(id:)` so triggers are re-armed or disarmed at once.
public final class TriggerCore: TriggerEventSink, Sendable {
    let store: any Store
    let dispatcher: ExecutionDispatcher
    let clock: any WallClock
    let logger: Logger
    let canceller: ExecutionCanceller
    let table: Mutex<TriggerTable>
    let wake = WakeSignal()
    let fireObservers = Mutex<[FireObserver]>([])

    /// An observer in a struct: a function value kept directly in the generic `Mutex` would be wrapped in two more
    /// reabstraction thunks by every `withLock { $0 }` read, until calling it overflows the stack.
    struct FireObserver: Sendable {
        let call: @Sendable (FireTiming) -> Void
    }

    /// The priority of the executions triggers start.
    static let priority = 5

    /// A core over `store` that queues runs in `dispatcher` and takes time from `clock`; it registers for the
    /// dispatcher's ended executions (the overlap bookkeeping).
    public init(
        store: any Store, dispatcher: ExecutionDispatcher, clock: any WallClock, logger: Logger,
        metrics: AgentMetrics = AgentMetrics()
    ) {
        self.store = store
        self.dispatcher = dispatcher
        self.clock = clock
        self.logger = logger
        canceller = ExecutionCanceller(
            store: store, dispatcher: dispatcher, metrics: metrics, now: { TriggerCore.date(clock.nowMillis) })
        table = Mutex(TriggerTable(now: clock.nowMillis))
        dispatcher.onEnded { [weak self] executionID in self?.executionEnded(executionID) }
    }

    /// Schedule triggers armed in the wheel.
    public var armedCount: Int { table.withLock { $0.armedCount } }

    /// Runs started by triggers that have not ended.
    public var activeRuns: Int { table.withLock { $0.runs.runs.count } }

    /// Adds `handler`, called after each schedule decision's fires are committed, on the driver's task: the agent's
    /// runtime records fire lateness for `/metrics` through it, the fire-lateness benchmark its own samples. Each
    /// handler should return quickly; the driver decides thousands of fires a second.
    public func observeFires(_ handler: @escaping @Sendable (FireTiming) -> Void) {
        fireObservers.withLock { $0.append(FireObserver(call: handler)) }
    }

    // MARK: Start

    /// Recovers the runs triggers started before a restart, then arms every stored schedule trigger: for a core
    /// whose driver starts afterwards (the agent arms while its driver runs, see `ScheduleDriver`).
    /// - Throws: the store's error.
    public func start() async throws {
        try await recoverRuns()
        try await armStoredTriggers()
    }

    /// Counts the executions schedule triggers started before a restart that have not ended (recovery queued them
    /// again), so the overlap behaviors see them. Call it after recovery and before the workers start.
    /// - Throws: the store's error.
    public func recoverRuns() async throws {
        var offset = 0
        while true {
            let page = try await store.executions(
                ExecutionQuery(statuses: [.pending, .running], offset: offset, limit: 500))
            table.withLock { table in
                for execution in page.executions {
                    // Only schedule triggers have an overlap behavior that counts runs.
                    guard execution.trigger == .schedule, !table.runs.contains(execution.id) else { continue }
                    table.runs.add(
                        execution.id, key: TriggerKey(workflowID: execution.workflowID, kind: .schedule),
                        phase: .queued, fireTime: execution.createdAt.map(Self.millis) ?? 0)
                }
            }
            offset += page.executions.count
            if page.executions.count < 500 { return }
        }
    }

    /// Arms the schedule trigger of every published workflow in the store, a batch at a time: a batch's new states
    /// are written, then its triggers go into the wheel, where a running driver fires them as they come due.
    ///
    /// A trigger that was armed resumes after the `lastScheduledAt` it stored, so the occurrences missed while the
    /// agent was down come due at once and are handled by its catch-up policy; one armed for the first time starts
    /// from now. Workflow changes arriving meanwhile wait until it is done.
    /// - Throws: the store's error.
    public func armStoredTriggers() async throws {
        table.withLock { $0.arming = .inProgress }
        defer { finishArming() }
        var stored: [TriggerKey: TriggerState] = [:]
        for state in try await store.armedTriggers() {
            guard let kind = TriggerKind(rawValue: state.triggerID) else { continue }
            stored[TriggerKey(workflowID: state.workflowID, kind: kind)] = state
        }
        let triggers = try await store.publishedTriggers(kind: .schedule)
        var armed = Set<TriggerKey>()
        for start in stride(from: 0, to: triggers.count, by: Self.armingBatch) {
            var batch: [(setup: TriggerSetup, planner: TriggerPlanner)] = []
            var fresh: [TriggerState] = []
            for row in triggers[start..<min(start + Self.armingBatch, triggers.count)] {
                guard let setup = setup(of: row) else { continue }
                armed.insert(setup.key)
                let previous = stored[setup.key]?.lastScheduledAt.map(Self.millis)
                let now = clock.nowMillis
                let planner = try await makePlanner(setup, handledThrough: previous ?? now, now: now)
                if previous == nil {
                    let next = planner.nextFire(now: now)?.fireAt
                    fresh.append(Self.state(setup.key, armed: true, nextFireAt: next, handledThrough: now))
                }
                batch.append((setup, planner))
            }
            // A first fire must not be recorded before the state it follows.
            try await store.saveTriggerStates(fresh)
            let wake = table.withLock { table in
                var wake = false
                for (setup, planner) in batch where table.entries[setup.key] == nil {
                    wake = table.install(setup, planner: planner).wake || wake
                }
                return wake
            }
            if wake { self.wake.signal() }
        }
        let stale = stored.filter { $0.key.kind == .schedule && !armed.contains($0.key) }.map { _, state in
            var state = state
            state.armed = false
            return state
        }
        try await store.saveTriggerStates(stale)
        logger.info("triggers armed", metadata: ["triggers.schedules": "\(armedCount)"])
    }

    /// Triggers armed per batch on start: one state write each.
    static let armingBatch = 250

    private func finishArming() {
        let waiters = table.withLock { table in
            table.arming = .done
            defer { table.armingWaiters = [] }
            return table.armingWaiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once `armStoredTriggers()` is done (at once when it is not running).
    func waitForArming() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = table.withLock { table in
                guard table.arming == .inProgress else { return true }
                table.armingWaiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }

    // MARK: Runs

    /// Tells the core that an execution ended (the dispatcher does, for every execution that leaves it); a run
    /// waiting behind it (`BUFFER_ONE`) is queued.
    public func executionEnded(_ executionID: String) {
        let release = table.withLock { $0.runs.remove(executionID) }
        if let (id, run) = release { enqueue(id, run) }
    }

    func enqueue(_ executionID: String, _ run: TriggerRuns.Run) {
        dispatcher.enqueue(
            executionID: executionID, workflowID: run.key.workflowID, priority: Self.priority, fireTime: run.fireTime)
    }

    // MARK: Helpers

    /// The setup of a workflow's trigger, or `nil` when it has none or its settings cannot be used (logged).
    func setup(of workflow: StoredWorkflow, kind: TriggerKind) -> TriggerSetup? {
        guard let trigger = workflow.definition.spec.trigger(kind) else { return nil }
        return setup(of: WorkflowTrigger(workflowID: workflow.id, createdAt: workflow.createdAt, trigger: trigger))
    }

    /// The setup of a stored trigger, or `nil` when its settings cannot be used (logged).
    func setup(of row: WorkflowTrigger) -> TriggerSetup? {
        do {
            return try TriggerSetup(row.trigger, workflowID: row.workflowID, createdAt: row.createdAt)
        } catch {
            logger.error(
                "a trigger's settings cannot be used; it stays disarmed",
                metadata: [
                    "workflow.id": "\(row.workflowID)", "trigger": "\(row.trigger.kind.rawValue)", "error": "\(error)",
                ])
            return nil
        }
    }

    /// A planner for `setup`; its rate limiter is rebuilt from the fires the store admitted within the window.
    func makePlanner(_ setup: TriggerSetup, handledThrough: Int64, now: Int64) async throws -> TriggerPlanner {
        var admitted: [Int64] = []
        if let limit = setup.policy.rateLimit {
            let fires = try await store.recentFires(
                workflowID: setup.key.workflowID, triggerID: setup.key.triggerID,
                since: Self.date(now - limit.intervalMillis + 1))
            admitted = fires.compactMap { fire in
                if case .started = fire.outcome { return Self.millis(fire.firedAt) }
                return nil
            }
        }
        return TriggerPlanner(
            triggerID: setup.key.plannerID, recurrence: setup.recurrence, policy: setup.policy,
            handledThrough: handledThrough, admittedFires: admitted)
    }

    static func state(_ key: TriggerKey, armed: Bool, nextFireAt: Int64?, handledThrough: Int64) -> TriggerState {
        TriggerState(
            workflowID: key.workflowID, triggerID: key.triggerID, armed: armed, nextFireAt: nextFireAt.map(date),
            lastScheduledAt: date(handledThrough))
    }

    static func date(_ millis: Int64) -> Date {
        Date(timeIntervalSince1970: TimeInterval(millis) / 1000)
    }

    /// Milliseconds of a date, rounded: dates read back from the store are whole milliseconds.
    static func millis(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }
}
