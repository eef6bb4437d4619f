import Foundation
import Logging
import Store
import Workflow

/// Runs the local checks of published workflows (`monitorTrigger.check`) and fires their monitor trigger into
/// the sink when a check's state machine says so.
///
/// It keeps, per workflow, the check, its `CheckStateMachine` and when it is next due. `CheckDriver` says when
/// (`runDue(nowMillis:)`); `evaluate(workflowID:nowMillis:)` probes one check at once. A fire that the sink fails to take leaves the state
/// unchanged, so the next probe tries again.
public actor CheckRunner {
    /// One workflow's check and its state.
    struct Entry {
        var check: MonitorCheck
        var notifyOnRecovery: Bool
        var machine: CheckStateMachine
        var nextDueMillis: Int64
        var inFlight = false
        /// The configuration problem the last probe ran into, when it did (logged once, when it appears).
        var configurationProblem: String?
    }

    let store: any Store
    let sink: any TriggerEventSink
    let prober: any CheckProbing
    let logger: Logger
    private var entries: [String: Entry] = [:]

    public init(store: any Store, sink: any TriggerEventSink, prober: any CheckProbing, logger: Logger) {
        self.store = store
        self.sink = sink
        self.prober = prober
        self.logger = logger
    }

    /// Reads the checks of the published, undeleted workflows from the store; see `configure(_:nowMillis:)`.
    public func reload(nowMillis: Int64) async throws {
        configure(try await store.workflows(includeDeleted: false), nowMillis: nowMillis)
    }

    /// Takes the checks of `workflows`: a new or changed check starts healthy and is due at once; an unchanged
    /// one keeps its state and schedule; checks of workflows no longer listed (or unpublished) are dropped.
    public func configure(_ workflows: [StoredWorkflow], nowMillis: Int64) {
        var next: [String: Entry] = [:]
        for workflow in workflows where !workflow.isDeleted && workflow.definition.published == true {
            guard let trigger = workflow.definition.spec.trigger(.monitor), let check = trigger.settings.check else {
                continue
            }
            let notify = trigger.settings.notifyOnRecovery ?? false
            if let current = entries[workflow.id], current.check == check, current.notifyOnRecovery == notify {
                next[workflow.id] = current
            } else {
                next[workflow.id] = Entry(
                    check: check, notifyOnRecovery: notify,
                    machine: CheckStateMachine(failuresBeforeAlert: check.threshold, notifyOnRecovery: notify),
                    nextDueMillis: nowMillis)
            }
        }
        entries = next
    }

    /// The workflows with a check, sorted.
    public var workflowIDs: [String] { entries.keys.sorted() }

    /// When the next check is due, or nil when there are none.
    public var nextDueMillis: Int64? {
        entries.values.filter { !$0.inFlight }.map(\.nextDueMillis).min()
    }

    /// A workflow's check interval in milliseconds (for re-arming a timer), or nil when it has no check.
    public func intervalMillis(workflowID: String) -> Int64? {
        entries[workflowID].map { $0.check.intervalSeconds * 1000 }
    }

    /// Why a workflow's check cannot run as configured (the outbound policy refuses its target), or nil when its
    /// last probe ran.
    public func configurationProblem(workflowID: String) -> String? {
        entries[workflowID]?.configurationProblem
    }

    /// A workflow's alert state, or nil when it has no check.
    public func state(workflowID: String) -> CheckStateMachine? {
        entries[workflowID]?.machine
    }

    /// Probes every check due at `nowMillis`, concurrently, and fires what the results call for.
    /// - Returns: one report per check probed, by workflow id.
    @discardableResult
    public func runDue(nowMillis: Int64) async -> [CheckReport] {
        let due = entries.filter { !$0.value.inFlight && $0.value.nextDueMillis <= nowMillis }.keys.sorted()
        return await run(due, nowMillis: nowMillis)
    }

    /// Probes one workflow's check now, whenever it is due, and fires what the result calls for.
    /// - Returns: nil when the workflow has no check or it is being probed already.
    public func evaluate(workflowID: String, nowMillis: Int64) async -> CheckReport? {
        guard let entry = entries[workflowID], !entry.inFlight else { return nil }
        return await run([workflowID], nowMillis: nowMillis).first
    }

    private func run(_ workflowIDs: [String], nowMillis: Int64) async -> [CheckReport] {
        var probes: [(String, MonitorCheck)] = []
        for id in workflowIDs {
            guard var entry = entries[id] else { continue }
            entry.inFlight = true
            entry.nextDueMillis = nowMillis + entry.check.intervalSeconds * 1000
            entries[id] = entry
            probes.append((id, entry.check))
        }
        let prober = self.prober
        let results = await withTaskGroup(of: (String, MonitorCheck, CheckResult).self) { group in
            for (id, check) in probes {
                group.addTask { (id, check, await prober.probe(check)) }
            }
            var results: [(String, MonitorCheck, CheckResult)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }
        }
        var reports: [CheckReport] = []
        for (id, check, result) in results {
            if let report = await apply(result, workflowID: id, check: check, nowMillis: nowMillis) {
                reports.append(report)
            }
        }
        return reports
    }

    /// Feeds one result to the workflow's state machine and fires when it says so; the new state is kept only
    /// when the fire reached the sink (and the check did not change meanwhile).
    private func apply(_ result: CheckResult, workflowID: String, check: MonitorCheck, nowMillis: Int64) async
        -> CheckReport?
    {
        guard var entry = entries[workflowID], entry.check == check else { return nil }
        entry.inFlight = false
        // A refused target is a configuration mistake: counting it as a failure would run the remediation for it.
        if result.isRefusal {
            if entry.configurationProblem != result.detail {
                logger.warning(
                    "a check's target is refused by the outbound policy; the probe is not counted and nothing fires",
                    metadata: [
                        "workflow.id": "\(workflowID)", "check.detail": "\(result.detail)",
                        "hint": "add the address to allowOutbound, or change the check's target",
                    ])
            }
            entry.configurationProblem = result.detail
            entries[workflowID] = entry
            var report = CheckReport(workflowID: workflowID, result: result, action: .none, state: entry.machine.state)
            report.configurationProblem = result.detail
            return report
        }
        if entry.configurationProblem != nil {
            logger.notice("a check's target is reachable again", metadata: ["workflow.id": "\(workflowID)"])
            entry.configurationProblem = nil
        }
        var machine = entry.machine
        let action = machine.record(healthy: result.healthy)
        var report = CheckReport(workflowID: workflowID, result: result, action: action, state: machine.state)
        guard action != .none else {
            entry.machine = machine
            entries[workflowID] = entry
            return report
        }
        entries[workflowID] = entry
        let event = TriggerEvent(
            workflowID: workflowID, kind: .monitor,
            triggerData: [
                "source": "check", "status": action == .fireAlert ? "firing" : "resolved",
                "payload": result.payload(consecutiveFailures: machine.consecutiveFailures, checkedAtMillis: nowMillis),
            ], actor: "check")
        do {
            report.outcome = try await sink.fire(event)
            if entries[workflowID]?.check == check { entries[workflowID]?.machine = machine }
            logger.info(
                "check changed state",
                metadata: [
                    "workflow.id": "\(workflowID)", "check.state": "\(machine.state)",
                    "check.detail": "\(result.detail)",
                ])
        } catch {
            report.state = entry.machine.state
            report.fireError = "\(error)"
            logger.error(
                "a check's fire was not taken; it is tried again on the next probe",
                metadata: ["workflow.id": "\(workflowID)", "error": "\(error)"])
        }
        return report
    }
}
