import Agent
import Foundation
import Logging
import Scheduler
import Store
import SundialTesting
import Synchronization
import Testing
import Workflow

/// A prober that answers from a script: each probe of a check takes the next result (true = healthy), and the
/// last one repeats.
final class ScriptedProber: CheckProbing {
    private let script: Mutex<[Bool]>
    private let count = Mutex(0)

    init(_ results: [Bool]) {
        script = Mutex(results)
    }

    /// How many probes ran.
    var probes: Int { count.withLock { $0 } }

    func probe(_ check: MonitorCheck) async -> CheckResult {
        count.withLock { $0 += 1 }
        let healthy = script.withLock { script in script.count > 1 ? script.removeFirst() : script.first ?? true }
        return CheckResult(
            healthy: healthy, detail: healthy ? "fine" : "broken",
            details: ["kind": "command", "argv": .array((check.command?.argv ?? []).map(JSONValue.string))])
    }
}

@Suite("Check runner and driver")
struct CheckRunnerTests {
    static let logger = Logger(label: "check-runner-test")

    static func workflow(
        _ id: String, failures: Int64 = 2, recovery: Bool = true, interval: String = "30s", published: Bool = true
    ) -> StoredWorkflow {
        let check = MonitorCheck(
            command: MonitorCheck.CommandProbe(argv: ["probe-\(id)"]), interval: interval,
            failuresBeforeAlert: failures)
        var sample = StoredWorkflowSample(
            id: id, handle: nil,
            triggers: [Trigger(kind: .monitor, settings: TriggerSettings(notifyOnRecovery: recovery, check: check))])
        sample.published = published
        return sample.stored
    }

    /// Runs `body` with a runner over an empty in-memory store (the tests configure it directly).
    static func withRunner(
        _ prober: ScriptedProber, sink: RecordingEventSink, _ body: @Sendable (CheckRunner) async throws -> Void
    ) async throws {
        try await SQLiteStore.withStore(.inMemory) { store in
            try await body(CheckRunner(store: store, sink: sink, prober: prober, logger: logger))
        }
    }

    @Test("fires on the second failure and on recovery, with the result as payload")
    func firesOnTransitions() async throws {
        let sink = RecordingEventSink()
        let prober = ScriptedProber([false, false, false, true])
        try await Self.withRunner(prober, sink: sink) { runner in
            await runner.configure([Self.workflow("w1")], nowMillis: 0)
            #expect(await runner.nextDueMillis == 0)
            for (step, now) in [0, 30_000, 60_000, 90_000].enumerated() {
                let reports = await runner.runDue(nowMillis: Int64(now))
                #expect(reports.count == 1, "probe \(step)")
            }
            #expect(await runner.runDue(nowMillis: 100_000).isEmpty)
            #expect(await runner.nextDueMillis == 120_000)
            #expect(await runner.state(workflowID: "w1")?.state == .healthy)
        }
        let events = sink.received
        #expect(events.map { $0.triggerData["status"] } == ["firing", "resolved"])
        #expect(events.allSatisfy { $0.workflowID == "w1" && $0.kind == .monitor && $0.actor == "check" })
        #expect(events[0].triggerData["source"] == "check")
        #expect(events[0].triggerData["payload"]?["detail"] == "broken")
        #expect(events[0].triggerData["payload"]?["consecutiveFailures"] == 2)
        #expect(events[0].triggerData["payload"]?["checkedAtMillis"] == 30_000)
        #expect(events[1].triggerData["payload"]?["healthy"] == true)
    }

    @Test("a fire the sink refuses leaves the state, so the next failure fires again")
    func refusedFireRetries() async throws {
        let sink = RecordingEventSink { _, index in
            if index == 0 { throw SinkRefused() }
            return .started(executionID: "exec-\(index)")
        }
        try await Self.withRunner(ScriptedProber([false]), sink: sink) { runner in
            await runner.configure([Self.workflow("w1", failures: 1)], nowMillis: 0)
            let first = await runner.evaluate(workflowID: "w1", nowMillis: 0)
            #expect(first?.action == .fireAlert)
            #expect(first?.fireError != nil)
            #expect(first?.state == .healthy)
            let second = await runner.evaluate(workflowID: "w1", nowMillis: 30_000)
            #expect(second?.outcome == .started(executionID: "exec-1"))
            #expect(second?.state == .alerting)
            let third = await runner.evaluate(workflowID: "w1", nowMillis: 60_000)
            #expect(third?.action == CheckStateMachine.Action.none)
            #expect(sink.received.count == 2)
            #expect(await runner.evaluate(workflowID: "unknown", nowMillis: 0) == nil)
        }
    }

    @Test("configure keeps the state of an unchanged check, resets a changed one, drops unpublished ones")
    func configure() async throws {
        try await Self.withRunner(ScriptedProber([false]), sink: RecordingEventSink()) { runner in
            await runner.configure([Self.workflow("a"), Self.workflow("b")], nowMillis: 0)
            await runner.runDue(nowMillis: 0)
            #expect(await runner.state(workflowID: "a")?.consecutiveFailures == 1)
            await runner.configure(
                [Self.workflow("a"), Self.workflow("b", failures: 5), Self.workflow("c", published: false)],
                nowMillis: 1_000)
            #expect(await runner.workflowIDs == ["a", "b"])
            #expect(await runner.state(workflowID: "a")?.consecutiveFailures == 1)
            #expect(await runner.state(workflowID: "b")?.consecutiveFailures == 0)
            #expect(await runner.intervalMillis(workflowID: "a") == 30_000)
            #expect(await runner.nextDueMillis == 1_000)
        }
    }

    @Test("the driver probes on its clock's schedule and picks up workflows from the store")
    func driverOnManualClock() async throws {
        let sink = RecordingEventSink()
        let prober = ScriptedProber([false, false, true])
        let clock = ManualClock(nowMillis: 1_000_000)
        try await SQLiteStore.withStore(.inMemory) { store in
            let definition = Self.workflow("w1", interval: "10s").definition
            let created = try await store.createWorkflow(id: "w1", definition: definition, actor: "t", at: Date())
            #expect(created.definition.spec.trigger(.monitor)?.settings.check != nil)
            let runner = CheckRunner(store: store, sink: sink, prober: prober, logger: Self.logger)
            let driver = CheckDriver(runner: runner, clock: clock, refreshMillis: 60_000, logger: Self.logger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await driver.run() }
                await clock.waitForSleepers(1)
                #expect(prober.probes == 1)
                #expect(clock.sleepingDeadlines == [1_010_000])
                clock.advance(to: 1_010_000)
                await clock.waitForSleepers(1)
                #expect(prober.probes == 2)
                #expect(sink.received.map { $0.triggerData["status"] } == ["firing"])
                clock.advance(to: 1_020_000)
                await clock.waitForSleepers(1)
                #expect(sink.received.map { $0.triggerData["status"] } == ["firing", "resolved"])
                group.cancelAll()
                try await group.waitForAll()
            }
        }
    }
}
