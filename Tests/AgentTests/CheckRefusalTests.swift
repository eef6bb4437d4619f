import Agent
import Foundation
import Logging
import Store
import Synchronization
import Testing
import Workflow

/// A prober whose target the outbound policy refuses (as `LiveCheckProber` reports it), then, when `allowed` is
/// set, one that fails for real.
final class RefusingProber: CheckProbing {
    let allowed = Mutex(false)

    func probe(_ check: MonitorCheck) async -> CheckResult {
        if allowed.withLock({ $0 }) {
            return CheckResult(
                healthy: false, detail: "connection refused", details: ["kind": "tcp", "error": "tcp.connect"])
        }
        return CheckResult(
            healthy: false, detail: "refusing to connect to '127.0.0.1': loopback addresses are blocked",
            details: ["kind": "tcp", "error": "net.blocked"])
    }
}

@Suite("Check runner: a refused target is a configuration problem")
struct CheckRefusalTests {
    @Test("a target the outbound policy refuses never counts as a failure, fires nothing, and is reported")
    func refusalIsNotAFailure() async throws {
        let sink = RecordingEventSink()
        let prober = RefusingProber()
        let log = LogCapture()
        let logger = Logger(label: "check-refusal") { _ in log.handler() }
        try await SQLiteStore.withStore(.inMemory) { store in
            let runner = CheckRunner(store: store, sink: sink, prober: prober, logger: logger)
            await runner.configure([CheckRunnerTests.workflow("w1", failures: 1)], nowMillis: 0)
            for now in [0, 30_000, 60_000] as [Int64] {
                let report = try #require(await runner.runDue(nowMillis: now).first)
                #expect(report.action == .none)
                #expect(report.configurationProblem?.contains("loopback") == true)
            }
            #expect(await runner.state(workflowID: "w1")?.state == .healthy)
            #expect(await runner.state(workflowID: "w1")?.consecutiveFailures == 0)
            #expect(await runner.configurationProblem(workflowID: "w1")?.contains("refusing") == true)
            #expect(sink.received.isEmpty)
            // Logged once, when it appears, not on every probe.
            #expect(log.all.filter { $0.contains("refused by the outbound policy") }.count == 1)

            prober.allowed.withLock { $0 = true }
            let report = try #require(await runner.runDue(nowMillis: 90_000).first)
            #expect(report.action == .fireAlert)
            #expect(report.configurationProblem == nil)
            #expect(await runner.configurationProblem(workflowID: "w1") == nil)
        }
        #expect(sink.received.map { $0.triggerData["status"] } == ["firing"])
    }

    @Test("only the policy's refusal codes are configuration problems")
    func refusalCodes() {
        for (code, refusal) in [
            ("http.blocked", true), ("net.blocked", true), ("http.dns", false), ("tcp.connect", false),
        ] {
            let result = CheckResult(healthy: false, detail: "x", details: ["error": .string(code)])
            #expect(result.isRefusal == refusal, "\(code)")
        }
    }
}
