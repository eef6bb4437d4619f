import Foundation
import Logging
import Scheduler
import Store
import Synchronization
import Workflow

/// Writing a schedule decision's fires and starting, holding or cancelling the runs they decided.
extension TriggerCore {
    /// Reasons the core itself records, beside the planner's `SkipReason`s.
    enum CoreSkipReason {
        /// The input schema has an input without a default, which a trigger cannot give.
        static let invalidInput = "invalid_input"
        /// The workflow was deleted or unpublished after the fire was decided.
        static let workflowGone = "workflow_gone"
    }

    /// Performs one schedule decision: cancels what `CANCEL_PREVIOUS` replaces, writes every fire with the
    /// executions it starts and the trigger's state in one transaction, then queues (or holds) the new runs.
    func perform(_ batch: FireBatch) async {
        let key = batch.key
        for id in batch.cancels { await cancelRun(id) }
        let startIDs = batch.fires.compactMap(\.executionID)
        var workflow: StoredWorkflow?
        if !startIDs.isEmpty {
            do {
                workflow = try await store.workflow(id: key.workflowID)
            } catch {
                fail(batch, startIDs, error)
                return
            }
            if workflow?.isDeleted == true || workflow?.definition.published != true { workflow = nil }
        }
        var fires: [TriggerFire] = []
        var executions: [Execution] = []
        var unstarted: [String] = []
        for decided in batch.fires {
            let due = decided.fire.due
            func fire(_ outcome: TriggerFire.Outcome) -> TriggerFire {
                TriggerFire(
                    workflowID: key.workflowID, triggerID: key.triggerID, scheduledAt: Self.date(due),
                    firedAt: Self.date(batch.now), outcome: outcome)
            }
            guard let id = decided.executionID else {
                if case .skip(let reason) = decided.fire.action {
                    fires.append(fire(.skipped(reason: reason.rawValue)))
                }
                continue
            }
            guard let workflow else {
                fires.append(fire(.skipped(reason: CoreSkipReason.workflowGone)))
                unstarted.append(id)
                continue
            }
            do {
                executions.append(
                    try Self.execution(
                        id: id, workflow: workflow, kind: key.kind,
                        triggerData: ["scheduledAt": .string(JSONResponse.timestamp(Self.date(due)))],
                        at: batch.now))
                fires.append(fire(.started(executionID: id)))
            } catch {
                fires.append(fire(.skipped(reason: CoreSkipReason.invalidInput)))
                unstarted.append(id)
                logger.warning(
                    "a schedule fire cannot start its workflow: an input has no default",
                    metadata: ["workflow.id": "\(key.workflowID)", "error": "\(error.issues.map(\.message))"])
            }
        }
        do {
            try await store.recordFires(
                fires, executions: executions, state: batch.state, idempotencyKey: nil, requestFingerprint: nil,
                actor: key.triggerID)
        } catch {
            fail(batch, startIDs, error)
            return
        }
        forget(unstarted, of: key, admittedAt: batch.now)
        let observers = fireObservers.withLock { $0 }
        if !observers.isEmpty {
            let timing = FireTiming(
                key: key, deadlineMillis: batch.timerDeadline, fires: fires.count, started: executions.count,
                caughtUp: batch.caughtUp)
            for observer in observers { observer.call(timing) }
        }
        await committed(executions.map(\.id))
    }

    /// A batch whose write failed: its runs are forgotten; the state was not saved, so the fires come due again
    /// after a restart.
    private func fail(_ batch: FireBatch, _ ids: [String], _ error: any Error) {
        forget(ids, of: batch.key, admittedAt: batch.now)
        logger.error(
            "could not record a trigger's fires",
            metadata: [
                "workflow.id": "\(batch.key.workflowID)", "trigger": "\(batch.key.triggerID)",
                "error": "\(error)",
            ])
    }

    /// Forgets the runs of `key` whose executions were not written, and takes back their rate-limit admissions.
    func forget(_ ids: [String], of key: TriggerKey, admittedAt time: Int64) {
        var releases: [(String, TriggerRuns.Run)] = []
        table.withLock { table in
            for id in ids {
                if let release = table.runs.remove(id) { releases.append(release) }
                table.unadmit(key, at: time)
            }
        }
        for (id, run) in releases { enqueue(id, run) }
    }

    /// Runs whose executions are now stored: queued, held behind the running one, or cancelled.
    func committed(_ ids: [String]) async {
        for id in ids {
            let (next, run) = table.withLock { ($0.runs.committed(id), $0.runs.runs[id]) }
            switch next {
            case .enqueue: if let run { enqueue(id, run) }
            case .cancel: await cancelRun(id)
            case .hold, nil: break
            }
        }
    }

    /// Cancels a run as `PUT …/cancel` does (`CANCEL_PREVIOUS`).
    func cancelRun(_ id: String) async {
        do {
            guard let execution = try await store.execution(id: id), !execution.status.isTerminal else {
                executionEnded(id)
                return
            }
            if case .unknown = try await canceller.cancel(execution) { executionEnded(id) }
        } catch {
            logger.error("could not cancel a previous run", metadata: ["execution.id": "\(id)", "error": "\(error)"])
        }
    }

    /// The `Pending` execution a trigger starts: the input schema's defaults as input, priority 5, the spec's
    /// callback.
    /// - Throws: `ValidationError` when an input has no default.
    static func execution(
        id: String, workflow: StoredWorkflow, kind: TriggerKind, triggerData: [String: JSONValue], at millis: Int64
    ) throws(ValidationError) -> Execution {
        let spec = workflow.definition.spec
        var execution = Execution(
            id: id, workflowID: workflow.id, workflowName: workflow.definition.name, trigger: kind,
            input: try spec.resolveInput(.object([:])), priority: priority, callback: spec.callback,
            steps: (spec.steps ?? []).map { StepRun(name: $0.name, actionId: $0.actionId) }, createdAt: date(millis))
        execution.triggerData = triggerData
        return execution
    }
}
