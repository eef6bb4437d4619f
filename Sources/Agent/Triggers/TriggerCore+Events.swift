import Foundation
import Logging
import Scheduler
import Store
import Synchronization
import Workflow

/// Event triggers: monitor alerts and GitHub deliveries (`TriggerEventSink`), and runs over the API.
extension TriggerCore {
    /// What the gates decided for one event.
    enum EventResult {
        case started(Execution)
        /// The idempotency key was used before, by this execution.
        case existing(String)
        case skipped(reason: String, retryAfterSeconds: Int?)
    }

    /// Fires one event of a monitor or GitHub webhook trigger: the unpublished, overlap and rate-limit gates
    /// apply, the fire is recorded either way, and a started run gets the event's data as `Trigger.<key>`.
    /// - Throws: `TriggerFireError` when the workflow does not exist or has no such trigger (nothing is recorded);
    ///   the store's error.
    public func fire(_ event: TriggerEvent) async throws -> TriggerEventOutcome {
        let key = TriggerKey(workflowID: event.workflowID, kind: event.kind)
        guard key.kind != .schedule, key.kind != .api, TriggerSetup.firedKinds.contains(key.kind) else {
            throw TriggerFireError.notAnEvent(key)
        }
        guard let workflow = try await store.workflow(id: event.workflowID), !workflow.isDeleted else {
            throw TriggerFireError.unknownWorkflow(event.workflowID)
        }
        guard let setup = try? TriggerSetup.of(workflow, kind: event.kind) else {
            throw TriggerFireError.noTrigger(key)
        }
        let now = clock.nowMillis
        let id = try SecureRandom.system.uuid()
        let execution: Execution
        do {
            execution = try Self.execution(
                id: id, workflow: workflow, kind: event.kind,
                triggerData: event.triggerData, at: now)
        } catch {
            logger.warning(
                "a trigger fire cannot start its workflow: an input has no default",
                metadata: [
                    "workflow.id": "\(key.workflowID)", "trigger.kind": "\(key.kind.rawValue)",
                    "error": "\(error.issues.map(\.message))",
                ])
            try await recordSkip(key, reason: CoreSkipReason.invalidInput, at: now)
            return .skipped(reason: CoreSkipReason.invalidInput, retryAfterSeconds: nil)
        }
        switch try await fireEvent(
            setup, published: workflow.definition.published == true, execution: execution, idempotencyKey: nil, requestFingerprint: nil,
            actor: event.actor)
        {
        case .started(let started): return .started(executionID: started.id)
        case .existing(let id): return .started(executionID: id)
        case .skipped(let reason, let retryAfter): return .skipped(reason: reason, retryAfterSeconds: retryAfter)
        }
    }

    /// Starts a run requested over `POST …/instances`. With an `apiTrigger`, its rate limit applies (a refused run
    /// is recorded as a skipped fire) and the run is recorded as its fire; without one it is a manual run.
    /// - Parameter execution: the `Pending` execution the request asks for, already checked.
    /// - Throws: the store's error.
    public func startAPIRun(
        _ execution: Execution, workflow: StoredWorkflow, idempotencyKey: String?, requestFingerprint: String? = nil,
        actor: String
    ) async throws -> APIRunOutcome {
        guard let setup = setup(of: workflow, kind: .api) else {
            let creation = try await store.createExecution(
                execution, idempotencyKey: idempotencyKey, requestFingerprint: requestFingerprint, actor: actor)
            switch creation {
            case .created(let created):
                dispatcher.enqueue(
                    executionID: created.id, workflowID: created.workflowID, priority: created.priority,
                    fireTime: Self.millis(created.createdAt ?? Self.date(clock.nowMillis)), snapshot: created)
                return .created(created)
            case .existing(let existing):
                return .existing(existing)
            }
        }
        var execution = execution
        execution.trigger = .api
        // Manual and API runs work for unpublished workflows too.
        switch try await fireEvent(
            setup, published: true, execution: execution, idempotencyKey: idempotencyKey,
            requestFingerprint: requestFingerprint, actor: actor)
        {
        case .started(let started):
            return .created(started)
        case .existing(let id):
            guard let existing = try await store.execution(id: id) else {
                throw StoreError(code: "store.notFound", message: "no execution with id '\(id)'")
            }
            return .existing(existing)
        case .skipped(_, let retryAfter):
            return .rateLimited(retryAfterSeconds: retryAfter ?? 1)
        }
    }

    /// Passes one event through its trigger's gates and writes the outcome.
    func fireEvent(
        _ setup: TriggerSetup, published: Bool, execution: Execution, idempotencyKey: String?,
        requestFingerprint: String?, actor: String
    ) async throws -> EventResult {
        let key = setup.key
        let now = clock.nowMillis
        var decision = decide(setup, published: published, at: now)
        while decision == nil {
            // The first event since start or since the settings changed: rebuild from the stored fires.
            let planner = try await makePlanner(setup, handledThrough: now, now: now)
            table.withLock { table in
                if let entry = table.entries[key], entry.setup.same(as: setup) { return }
                table.install(setup, planner: planner)
            }
            decision = decide(setup, published: published, at: now)
        }
        if let decision, case .skip(let reason) = decision.action {
            try await recordSkip(key, reason: reason.rawValue, at: now)
            return .skipped(reason: reason.rawValue, retryAfterSeconds: decision.retryAfter)
        }
        let fire = TriggerFire(
            workflowID: key.workflowID, triggerID: key.triggerID, firedAt: Self.date(now),
            outcome: .started(executionID: execution.id))
        let existing: String?
        do {
            existing = try await store.recordFires(
                [fire], executions: [execution], state: nil, idempotencyKey: idempotencyKey,
                requestFingerprint: requestFingerprint, actor: actor)
        } catch {
            table.withLock { $0.unadmit(key, at: now) }
            throw error
        }
        if let existing {
            table.withLock { $0.unadmit(key, at: now) }
            return .existing(existing)
        }
        dispatcher.enqueue(
            executionID: execution.id, workflowID: key.workflowID, priority: execution.priority, fireTime: now,
            snapshot: execution)
        return .started(execution)
    }

    /// Applies the trigger's gates to one event at `now`.
    /// - Returns: the action and, when rate limited, the seconds until a fire would be admitted; `nil` when the
    ///   trigger has no planner for this setup yet.
    private func decide(_ setup: TriggerSetup, published: Bool, at now: Int64)
        -> (action: FireAction, retryAfter: Int?)?
    {
        table.withLock { table in
            guard var entry = table.entries[setup.key], entry.setup.same(as: setup) else { return nil }
            let counts = table.runs.counts(setup.key)
            let action = entry.planner.planEvent(
                now: now, running: counts.running, waiting: counts.waiting, published: published)
            table.entries[setup.key] = entry
            // Event triggers have no overlap behavior (every event may start a run), so their runs are not tracked.
            if action.startsRun { return (action, nil) }
            guard action == .skip(.rateLimited), let limiter = entry.planner.rateLimiter else { return (action, nil) }
            return (action, Int(max(1, (limiter.nextAdmission(after: now) - now + 999) / 1000)))
        }
    }

    /// Records an event's fire that started nothing.
    private func recordSkip(_ key: TriggerKey, reason: String, at now: Int64) async throws {
        try await store.recordFire(
            TriggerFire(
                workflowID: key.workflowID, triggerID: key.triggerID, firedAt: Self.date(now),
                outcome: .skipped(reason: reason)),
            state: nil)
    }
}
