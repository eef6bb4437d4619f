import Foundation
import Logging
import Scheduler
import Store
import Synchronization
import Workflow

/// Re-arming and disarming when a workflow is created, updated, published, unpublished or deleted.
extension TriggerCore {
    /// Brings the workflow's triggers in line with its new definition, at once: a published workflow's schedule
    /// trigger is armed (re-armed from now when its rule changed; a policy change keeps what was handled), an
    /// unpublished or schedule-less one disarmed; event triggers whose settings changed rebuild their rate limiter
    /// from the stored fires on their next event. Failures to persist the state are logged.
    public func workflowChanged(_ workflow: StoredWorkflow) async {
        await waitForArming()
        let now = clock.nowMillis
        let key = TriggerKey(workflowID: workflow.id, kind: .schedule)
        let wanted = workflow.definition.published == true ? setup(of: workflow, kind: .schedule) : nil
        let current = table.withLock { $0.entries[key].map { ($0.setup, $0.planner.handledThrough) } }
        do {
            if let wanted {
                if let current, current.0.same(as: wanted) {
                    // Nothing the scheduler reads changed.
                } else {
                    // Only the policy changed: keep what was handled; a new rule starts from now.
                    let keep = current.flatMap { $0.0.identity == wanted.identity ? $0.1 : nil }
                    let planner = try await makePlanner(wanted, handledThrough: keep ?? now, now: now)
                    let (fireAt, wake) = table.withLock { $0.install(wanted, planner: planner) }
                    if wake { self.wake.signal() }
                    try await store.saveTriggerState(
                        Self.state(key, armed: true, nextFireAt: fireAt, handledThrough: keep ?? now))
                }
            } else if current != nil {
                table.withLock { $0.remove(key) }
                try await store.saveTriggerState(
                    Self.state(key, armed: false, nextFireAt: nil, handledThrough: current?.1 ?? now))
            }
        } catch {
            logger.error(
                "could not save a trigger's state", metadata: ["workflow.id": "\(workflow.id)", "error": "\(error)"])
        }
        dropChangedEventTriggers(workflow)
    }

    /// Disarms every trigger of a deleted workflow (the store marked their states disarmed with the deletion).
    public func workflowDeleted(id: String) async {
        await waitForArming()
        table.withLock { table in
            for kind in TriggerSetup.firedKinds { table.remove(TriggerKey(workflowID: id, kind: kind)) }
        }
    }

    /// Forgets the event triggers whose setup changed or vanished; the next event rebuilds them from the store.
    private func dropChangedEventTriggers(_ workflow: StoredWorkflow) {
        let setups = TriggerSetup.firedKinds.subtracting([.schedule]).map {
            (TriggerKey(workflowID: workflow.id, kind: $0), setup(of: workflow, kind: $0))
        }
        table.withLock { table in
            for (key, setup) in setups {
                guard let entry = table.entries[key] else { continue }
                if let setup, entry.setup.same(as: setup) { continue }
                table.remove(key)
            }
        }
    }
}

extension TriggerCore {
    /// The next `count` fire times of the workflow's schedule trigger, from the armed planner when the trigger is
    /// armed, else as it would fire if published now; `nil` when the workflow has no schedule trigger.
    /// - Throws: `TriggerSetupError` for settings the scheduler cannot use.
    public func schedule(of workflow: StoredWorkflow, count: Int) throws -> ScheduleListing? {
        guard let expression = workflow.definition.spec.trigger(.schedule)?.settings.rruleExpression,
            let setup = try TriggerSetup.of(workflow, kind: .schedule)
        else { return nil }
        let now = clock.nowMillis
        let armed = table.withLock { table in
            table.entries[setup.key].flatMap { $0.setup.same(as: setup) ? $0.planner : nil }
        }
        let planner =
            armed
            ?? TriggerPlanner(
                triggerID: setup.key.plannerID, recurrence: setup.recurrence, policy: setup.policy,
                handledThrough: now)
        return ScheduleListing.make(
            expression: expression, planner: planner, armed: armed != nil, now: now, count: count)
    }
}
