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
    let fireObserver = Mutex<(@Sendable (FireTiming) -> Void)?>(nil)

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

    /// Calls `handler` after each schedule decision's fires are committed (for the fire-lateness benchmark).
    public func observeFires(_ handler: @escaping @Sendable (FireTiming) -> Void) {
        fireObserver.withLock { $0 = handler }
    }

    // MARK: Start

    /// Arms every schedule trigger of the published workflows in the store and tracks the runs triggers started
    /// before a restart. Call it once, after recovery and before `run()`.
    ///
    /// A trigger that was armed resumes after the `lastScheduledAt` it stored, so the occurrences missed while the
    /// agent was down come due at once and are handled by its catch-up policy; a trigger armed for the first time
    /// starts from now. New states are written in batches.
    /// - Throws: the store's error.
    public func start() async throws {
        let now = clock.nowMillis
        let workflows = try await store.workflows(includeDeleted: false)
        var stored: [TriggerKey: TriggerState] = [:]
        for state in try await store.armedTriggers() {
            guard let kind = TriggerKind(rawValue: state.triggerID) else { continue }
            stored[TriggerKey(workflowID: state.workflowID, kind: kind)] = state
        }
        var writes: [TriggerState] = []
        var armed = Set<TriggerKey>()
        for workflow in workflows where workflow.definition.published == true {
            guard let setup = setup(of: workflow, kind: .schedule) else { continue }
            armed.insert(setup.key)
            if table.withLock({ $0.entries[setup.key] != nil }) { continue }
            let previous = stored[setup.key]?.lastScheduledAt.map(Self.millis)
            let planner = try await makePlanner(setup, handledThrough: previous ?? now, now: now)
            let fireAt = table.withLock { $0.install(setup, planner: planner).fireAt }
            if previous == nil {
                writes.append(Self.state(setup.key, armed: true, nextFireAt: fireAt, handledThrough: now))
            }
        }
        for (key, var state) in stored where key.kind == .schedule && !armed.contains(key) {
            state.armed = false
            writes.append(state)
        }
        for start in stride(from: 0, to: writes.count, by: 5_000) {
            try await store.saveTriggerStates(Array(writes[start..<min(start + 5_000, writes.count)]))
        }
        try await trackUnfinishedRuns()
        logger.info("triggers armed", metadata: ["triggers.schedules": "\(armedCount)"])
    }

    /// Counts the executions triggers started before a restart that have not ended (recovery queued them again).
    private func trackUnfinishedRuns() async throws {
        var offset = 0
        while true {
            let page = try await store.executions(
                ExecutionQuery(statuses: [.pending, .running], offset: offset, limit: 500))
            table.withLock { table in
                for execution in page.executions {
                    guard let kind = execution.trigger, TriggerSetup.firedKinds.contains(kind),
                        !table.runs.contains(execution.id)
                    else { continue }
                    table.runs.add(
                        execution.id, key: TriggerKey(workflowID: execution.workflowID, kind: kind), phase: .queued,
                        fireTime: execution.createdAt.map(Self.millis) ?? 0)
                }
            }
            offset += page.executions.count
            if page.executions.count < 500 { return }
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
        do {
            return try TriggerSetup.of(workflow, kind: kind)
        } catch {
            logger.error(
                "a trigger's settings cannot be used; it stays disarmed",
                metadata: ["workflow.id": "\(workflow.id)", "trigger": "\(kind.rawValue)", "error": "\(error)"])
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
