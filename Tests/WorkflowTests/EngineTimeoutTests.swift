import Testing

@testable import Workflow

@Suite("Engine: timeouts and cancellation")
struct EngineTimeoutTests {
    @Test("a step that runs past its timeout is cancelled and times out; without a handler the execution fails")
    func stepTimeout() async throws {
        let hanging = FakeAction.hanging("t.hang")
        let harness = EngineHarness([hanging])
        let execution = try await harness.run(spec(#"[{"name": "Slow", "actionId": "t.hang", "timeout": "30s"}]"#))
        let step = try #require(execution.step("Slow"))
        #expect(step.status == .timedOut)
        #expect(step.attempts.map(\.outcome) == [.timedOut])
        #expect(step.error?.code == "step.timeout")
        #expect(hanging.cancellationCount == 1)
        #expect(harness.clock.elapsed == .seconds(30))
        #expect(execution.status == .failed)
        #expect(execution.error?.code == "step.timeout")
        #expect(execution.statistics.timedOut == 1)
    }

    @Test("a timed-out attempt is retried by the error handler, then the fallback runs")
    func timeoutRetriedThenFallback() async throws {
        let slowThenFast = FakeAction("t.slow") { _, call in
            if call < 3 { try await Hang.untilCancelled() }
            return ActionResult(output: ["call": .int(Int64(call))])
        }
        let harness = EngineHarness([slowThenFast, FakeAction.succeeding("t.ok")])
        let execution = try await harness.run(
            spec(
                """
                [{"name": "Slow", "actionId": "t.slow", "timeout": "10s", "errorHandlers": [{"fallbackStepName": "Fallback",
                  "retryStrategy": {"kind": "RETRY_STRATEGY_LINEAR", "linear": {"interval": "5s", "maxRetries": 1}}}]},
                 {"name": "Fallback", "actionId": "t.ok"}]
                """))
        let step = try #require(execution.step("Slow"))
        #expect(step.attempts.map(\.outcome) == [.timedOut, .timedOut])
        #expect(step.status == .timedOut)
        #expect(execution.step("Fallback")?.status == .successful)
        #expect(execution.status == .successful)
        #expect(harness.clock.requestedSleeps == [.seconds(10), .seconds(5), .seconds(10)])
    }

    @Test("a step that finishes within its timeout is unaffected by it")
    func withinTimeout() async throws {
        let quick = FakeAction("t.quick") { _, _ in ActionResult(output: "done") }
        let harness = EngineHarness([quick])
        let execution = try await harness.run(spec(#"[{"name": "Quick", "actionId": "t.quick", "timeout": "30s"}]"#))
        #expect(execution.status == .successful)
        #expect(harness.clock.elapsed == .zero)
        #expect(harness.clock.sleeperCount == 0)
    }

    @Test("the execution timeout stops every running step and ends TimedOut", arguments: [nil, Duration.seconds(45)])
    func executionTimeout(override: Duration?) async throws {
        let hanging = FakeAction.hanging("t.hang")
        let harness = EngineHarness([hanging, FakeAction.succeeding("t.ok")])
        let execution = try await harness.run(
            """
            {"name": "w", "spec": {"timeout": "60s", "triggers": [{"workflowTrigger": {}}], "steps": [
              {"name": "A", "actionId": "t.hang"}, {"name": "B", "actionId": "t.hang",
               "outboundEdges": [{"branchName": "main", "nextStepName": "C"}]}, {"name": "C", "actionId": "t.ok"}]}}
            """, configure: { $0.timeout = override })
        #expect(execution.status == .timedOut)
        #expect(execution.error?.code == "execution.timeout")
        #expect(execution.steps.map(\.status) == [.stopped, .stopped, .skipped])
        #expect(hanging.cancellationCount == 2)
        #expect(harness.clock.elapsed == (override ?? .seconds(60)))
    }

    @Test("cancelling the run cancels running actions and ends Cancelled")
    func cancellation() async throws {
        let started = Signal()
        let hanging = FakeAction.hanging("t.hang", started: started)
        let harness = EngineHarness([hanging, FakeAction.succeeding("t.ok")])
        let request = try harness.request(
            spec(
                """
                [{"name": "Wait", "actionId": "t.hang", "timeout": "3600s",
                  "outboundEdges": [{"branchName": "main", "nextStepName": "Never"}]}, {"name": "Never", "actionId": "t.ok"}]
                """))
        let engine = harness.engine
        let observer = harness.observer
        let execution = await withVirtualTime(harness.clock) {
            await withTaskGroup(of: Execution?.self) { group in
                group.addTask { await engine.run(request, observer: observer) }
                await started.wait()
                group.cancelAll()
                return await group.next()!!
            }
        }
        #expect(execution.status == .cancelled)
        #expect(execution.steps.map(\.status) == [.stopped, .skipped])
        #expect(hanging.cancellationCount == 1)
        #expect(harness.clock.elapsed == .zero)
        #expect(harness.observer.summary.last == "finished Cancelled")
    }

    @Test("cancelling during a retry delay stops the step without another attempt")
    func cancelDuringRetryDelay() async throws {
        let failed = Signal()
        let failing = FakeAction("t.fail") { _, _ in
            failed.fire()
            throw ActionFailure(code: "x", message: "no")
        }
        let harness = EngineHarness([failing])
        let request = try harness.request(
            spec(
                """
                [{"name": "A", "actionId": "t.fail", "errorHandlers": [{"fallbackStepName": "B",
                  "retryStrategy": {"kind": "RETRY_STRATEGY_LINEAR", "linear": {"interval": "600s", "maxRetries": 3}}}]},
                 {"name": "B", "actionId": "t.fail"}]
                """))
        let engine = harness.engine
        let execution = await withVirtualTime(harness.clock) {
            await withTaskGroup(of: Execution?.self) { group in
                group.addTask { await engine.run(request) }
                await failed.wait()
                group.cancelAll()
                return await group.next()!!
            }
        }
        #expect(execution.status == .cancelled)
        #expect(failing.callCount == 1)
        #expect(execution.step("A")?.status == .stopped)
        #expect(execution.step("B")?.status == .skipped)
        #expect(harness.clock.requestedSleeps == [.seconds(600)])
        #expect(harness.clock.elapsed == .zero)
    }
}
