import Foundation
import Testing

@testable import Workflow

@Suite("Engine: resuming an execution after an agent restart")
struct EngineResumeTests {
    static func edge(_ to: String, _ branch: String = "main") -> String {
        #"{"branchName": "\#(branch)", "nextStepName": "\#(to)"}"#
    }

    @Test("a chain resumed in the middle runs the step in flight again and goes on; the finished step is not rerun")
    func chain() async throws {
        let first = FakeAction.succeeding("t.first", output: ["v": 2])
        let rest = FakeAction.succeeding("t.rest", output: ["v": 1])
        let harness = EngineHarness([first, rest])
        let json = spec(
            """
            [{"name": "A", "actionId": "t.first", "outboundEdges": [\(Self.edge("B"))]},
             {"name": "B", "actionId": "t.rest", "outboundEdges": [\(Self.edge("C"))]},
             {"name": "C", "actionId": "t.rest"}]
            """)
        let execution = try await Resume.run(
            json, harness, steps: [Resume.succeeded("A", "t.first", output: ["v": 1]), Resume.running("B", "t.rest")])
        #expect(execution.status == .successful)
        #expect(first.callCount == 0)
        #expect(rest.callCount == 2)
        #expect(execution.steps.map(\.status) == [.successful, .successful, .successful])
        #expect(execution.step("A")?.output == ["v": 1])
        #expect(execution.id == "ex-1")
        #expect(execution.startedAt == harness.clock.now().addingTimeInterval(-10))
        #expect(execution.logs.first?.message == "execution started by a manual run")
        #expect(
            execution.logs.map(\.message).contains(
                "execution resumed after an agent restart; running again: \"B\""))
        #expect(
            harness.observer.summary == [
                "started", "step B", "attempt B 1", "done B Successful", "step C", "attempt C 1", "done C Successful",
                "outputs", "finished Successful",
            ])
        guard case .executionStarted(let started) = harness.observer.events.first else {
            Issue.record("the first event is not executionStarted")
            return
        }
        #expect(started.steps.map(\.status) == [.successful, .pending, .pending])
        #expect(started.step("A")?.output == ["v": 1])
    }

    @Test("the branch taken before the restart is followed; the other branch stays skipped")
    func branchTaken() async throws {
        let decide = FakeAction.succeeding("t.decide", branch: "yes")
        let ok = FakeAction.succeeding("t.ok")
        let harness = EngineHarness([decide, ok])
        let json = spec(
            """
            [{"name": "Decide", "actionId": "t.decide", "outboundEdges": [\(Self.edge("Yes", "yes")), \(Self.edge("No", "no"))]},
             {"name": "Yes", "actionId": "t.ok"},
             {"name": "No", "actionId": "t.ok"}]
            """)
        let execution = try await Resume.run(
            json, harness, steps: [Resume.succeeded("Decide", "t.decide", branch: "no")])
        #expect(execution.status == .successful)
        #expect(decide.callCount == 0)
        #expect(execution.step("Decide")?.branch == "no")
        #expect(execution.step("No")?.status == .successful)
        #expect(execution.step("Yes")?.status == .skipped)
        #expect(
            execution.logs.map(\.message).contains("execution resumed after an agent restart; no step was in flight"))
    }

    @Test("a fallback in progress runs again; the failed step keeps its failure and is not retried")
    func fallbackInProgress() async throws {
        let flaky = FakeAction.succeeding("t.flaky")
        let fallback = FakeAction.succeeding("t.fallback", output: "cleaned")
        let harness = EngineHarness([flaky, fallback])
        let json = spec(
            """
            [{"name": "Try", "actionId": "t.flaky", "errorHandlers": [{"fallbackStepName": "Clean",
              "retryStrategy": {"kind": "RETRY_STRATEGY_LINEAR", "linear": {"interval": "5s", "maxRetries": 0}}}],
              "outboundEdges": [\(Self.edge("After"))]},
             {"name": "Clean", "actionId": "t.fallback"},
             {"name": "After", "actionId": "t.flaky"}]
            """)
        let execution = try await Resume.run(
            json, harness,
            steps: [Resume.failed("Try", "t.flaky", fallbacks: ["Clean"]), Resume.running("Clean", "t.fallback")])
        #expect(execution.status == .successful)
        #expect(flaky.callCount == 0)
        #expect(fallback.callCount == 1)
        #expect(execution.step("Try")?.status == .failed)
        #expect(execution.step("Try")?.fallbackStepNames == ["Clean"])
        #expect(execution.step("Clean")?.output == "cleaned")
        #expect(execution.step("After")?.status == .skipped)
    }

    @Test("parallel steps: the one that finished keeps its result, the one in flight runs again")
    func parallel() async throws {
        let fork = FakeAction.succeeding("t.fork")
        let left = FakeAction.succeeding("t.left", output: "left again")
        let right = FakeAction.succeeding("t.right", output: "right")
        let harness = EngineHarness([fork, left, right])
        let json = spec(
            """
            [{"name": "Fork", "actionId": "t.fork", "outboundEdges": [\(Self.edge("Left")), \(Self.edge("Right"))]},
             {"name": "Left", "actionId": "t.left"},
             {"name": "Right", "actionId": "t.right"}]
            """)
        let execution = try await Resume.run(
            json, harness,
            steps: [
                Resume.succeeded("Fork", "t.fork"), Resume.succeeded("Left", "t.left", output: "left"),
                Resume.running("Right", "t.right"),
            ])
        #expect(execution.status == .successful)
        #expect(fork.callCount == 0 && left.callCount == 0 && right.callCount == 1)
        #expect(execution.step("Left")?.output == "left")
        #expect(execution.step("Right")?.output == "right")
        #expect(execution.statistics.succeeded == 3)
    }

    @Test("an ALL gate with one parent done before the restart starts once the other parent finishes")
    func allGate() async throws {
        let ok = FakeAction.succeeding("t.ok")
        let join = FakeAction.succeeding("t.join")
        let harness = EngineHarness([ok, join])
        let json = spec(
            """
            [{"name": "Fork", "actionId": "t.ok", "outboundEdges": [\(Self.edge("Left")), \(Self.edge("Right"))]},
             {"name": "Left", "actionId": "t.ok", "outboundEdges": [\(Self.edge("Join"))]},
             {"name": "Right", "actionId": "t.ok", "outboundEdges": [\(Self.edge("Join"))]},
             {"name": "Join", "actionId": "t.join", "readinessGate": {"thresholdType": "ALL"}}]
            """)
        let execution = try await Resume.run(
            json, harness,
            steps: [
                Resume.succeeded("Fork", "t.ok"), Resume.succeeded("Left", "t.ok"), Resume.running("Right", "t.ok"),
            ])
        #expect(execution.status == .successful)
        #expect(ok.callCount == 1)
        #expect(join.callCount == 1)
        let order = harness.observer.summary
        let joinStart = try #require(order.firstIndex(of: "step Join"))
        let rightDone = try #require(order.firstIndex(of: "done Right Successful"))
        #expect(joinStart > rightDone)
    }

    @Test("a run whose timeout has passed since it first started ends TimedOut at once")
    func timeoutSpent() async throws {
        let ok = FakeAction.succeeding("t.ok")
        let harness = EngineHarness([ok])
        let json = spec(
            """
            [{"name": "A", "actionId": "t.ok", "outboundEdges": [\(Self.edge("B"))]},
             {"name": "B", "actionId": "t.ok", "outboundEdges": [\(Self.edge("C"))]},
             {"name": "C", "actionId": "t.ok"}]
            """, extra: #", "timeout": "60s""#)
        let execution = try await Resume.run(
            json, harness, elapsed: .seconds(90), steps: [Resume.succeeded("A", "t.ok"), Resume.running("B", "t.ok")])
        #expect(execution.status == .timedOut)
        #expect(execution.error?.code == "execution.timeout")
        #expect(ok.callCount == 0)
        #expect(execution.steps.map(\.status) == [.successful, .stopped, .skipped])
        #expect(harness.clock.elapsed == .zero)
        #expect(harness.observer.summary == ["started", "finished TimedOut"])
    }

    @Test("the timeout left is counted from the original start")
    func timeoutRemaining() async throws {
        let hanging = FakeAction.hanging("t.hang")
        let harness = EngineHarness([hanging])
        let json = spec(#"[{"name": "A", "actionId": "t.hang"}]"#, extra: #", "timeout": "60s""#)
        let execution = try await Resume.run(
            json, harness, elapsed: .seconds(45), steps: [Resume.running("A", "t.hang")])
        #expect(execution.status == .timedOut)
        #expect(harness.clock.elapsed == .seconds(15))
        #expect(hanging.cancellationCount == 1)
    }

    @Test("outputs of steps that finished before the restart are visible to later templates and outputs")
    func outputsVisible() async throws {
        let use = FakeAction.succeeding("t.use")
        let harness = EngineHarness([FakeAction.succeeding("t.check"), use])
        let json = spec(
            """
            [{"name": "Check", "actionId": "t.check", "outboundEdges": [\(Self.edge("Use"))]},
             {"name": "Use", "actionId": "t.use", "parameters": [
               {"name": "host", "value": "{{ Steps.Check.output.host }}"},
               {"name": "status", "value": "{{ Steps.Check.status }}"}]}]
            """,
            extra:
                #", "outputSchema": {"parameters": [{"name": "host", "type": "STRING", "value": "{{ Steps.Check.output.host }}"}]}"#
        )
        let execution = try await Resume.run(
            json, harness,
            steps: [Resume.succeeded("Check", "t.check", output: ["host": "db1"]), Resume.running("Use", "t.use")])
        #expect(execution.status == .successful)
        #expect(use.invocations.first?.parameters == ["host": "db1", "status": "Successful"])
        #expect(execution.outputs == ["host": "db1"])
    }

    @Test("a step in flight keeps its earlier attempts; new ones follow them and its retries start over")
    func attemptsContinue() async throws {
        let flaky = FakeAction.failing("t.flaky", times: 1)
        let harness = EngineHarness([flaky, FakeAction.succeeding("t.ok")])
        let json = spec(
            """
            [{"name": "A", "actionId": "t.flaky", "errorHandlers": [{"fallbackStepName": "F",
              "retryStrategy": {"kind": "RETRY_STRATEGY_LINEAR", "linear": {"interval": "5s", "maxRetries": 1}}}]},
             {"name": "F", "actionId": "t.ok"}]
            """)
        let execution = try await Resume.run(json, harness, steps: [Resume.running("A", "t.flaky", attempts: 2)])
        let step = try #require(execution.step("A"))
        #expect(step.attempts.map(\.number) == [1, 2, 3, 4])
        #expect(step.attempts.map(\.outcome) == [.failed, .failed, .failed, .succeeded])
        #expect(flaky.invocations.map(\.context.attempt) == [3, 4])
        #expect(step.status == .successful)
        #expect(execution.step("F")?.status == .skipped)
    }

    @Test("a step that failed without a fallback before the restart ends the run Failed without running anything")
    func failedBefore() async throws {
        let ok = FakeAction.succeeding("t.ok")
        let harness = EngineHarness([ok])
        let json = spec(
            """
            [{"name": "Fork", "actionId": "t.ok", "outboundEdges": [\(Self.edge("Bad")), \(Self.edge("Good"))]},
             {"name": "Bad", "actionId": "t.ok"},
             {"name": "Good", "actionId": "t.ok"}]
            """)
        let execution = try await Resume.run(
            json, harness,
            steps: [Resume.succeeded("Fork", "t.ok"), Resume.failed("Bad", "t.ok"), Resume.running("Good", "t.ok")])
        #expect(execution.status == .failed)
        #expect(execution.error?.stepName == "Bad")
        #expect(ok.callCount == 0)
        #expect(execution.step("Good")?.status == .stopped)
    }

    @Test("steps stopped before the restart mean the run was being cancelled: it ends Cancelled")
    func stoppedBefore() async throws {
        let ok = FakeAction.succeeding("t.ok")
        let harness = EngineHarness([ok])
        let json = spec(
            """
            [{"name": "A", "actionId": "t.ok", "outboundEdges": [\(Self.edge("B"))]}, {"name": "B", "actionId": "t.ok"}]
            """)
        let execution = try await Resume.run(
            json, harness, steps: [StepRun(name: "A", actionId: "t.ok", status: .stopped)])
        #expect(execution.status == .cancelled)
        #expect(ok.callCount == 0)
        #expect(execution.steps.map(\.status) == [.stopped, .skipped])
    }
}
