import Foundation
import Testing

@testable import Workflow

@Suite("Engine: completion gates, retries and error handlers")
struct EngineRetryTests {
    static func linear(_ interval: String, _ retries: Int) -> String {
        #"{"kind": "RETRY_STRATEGY_LINEAR", "linear": {"interval": "\#(interval)", "maxRetries": \#(retries)}}"#
    }

    static func handler(_ fallback: String, _ strategy: String) -> String {
        #"[{"fallbackStepName": "\#(fallback)", "retryStrategy": \#(strategy)}]"#
    }

    @Test("a completion gate reruns the step, its interval apart, until the condition holds")
    func gateRetriesUntilMet() async throws {
        let poll = FakeAction("t.poll") { _, call in ActionResult(output: ["count": .int(Int64(call))]) }
        let harness = EngineHarness([poll, FakeAction.succeeding("t.ok")])
        let execution = try await harness.run(
            spec(
                """
                [{"name": "Poll", "actionId": "t.poll", "outboundEdges": [{"branchName": "main", "nextStepName": "Next"}],
                  "completionGate": {"completionCondition": {"operand1": "{{ Steps.Poll.output.count }}",
                    "operator": "OPERATOR_GREATER_THAN_OR_EQUAL_TO", "operand2": 3}, "retryStrategy": \(Self.linear("10s", 5))}},
                 {"name": "Next", "actionId": "t.ok"}]
                """))
        #expect(execution.status == .successful)
        let step = try #require(execution.step("Poll"))
        #expect(step.attempts.map(\.outcome) == [.conditionUnmet, .conditionUnmet, .succeeded])
        #expect(step.output == ["count": 3])
        #expect(harness.clock.requestedSleeps == [.seconds(10), .seconds(10)])
        #expect(step.attempts[2].startedAt.timeIntervalSince(step.attempts[0].startedAt) == 20)
        #expect(execution.step("Next")?.status == .successful)
    }

    @Test(
        "a completion gate that never holds fails the step, then its fallback runs if it has one",
        arguments: [false, true])
    func gateExhausted(withFallback: Bool) async throws {
        let poll = FakeAction("t.poll") { _, call in ActionResult(output: ["count": .int(Int64(call))]) }
        let handlers = withFallback ? #", "errorHandlers": \#(Self.handler("Recover", Self.linear("1s", 0)))"# : ""
        let harness = EngineHarness([poll, FakeAction.succeeding("t.ok")])
        let execution = try await harness.run(
            spec(
                """
                [{"name": "Poll", "actionId": "t.poll", "completionGate": {"completionCondition": {
                    "operand1": "{{ Steps.Poll.output.count }}", "operator": "OPERATOR_EQUAL", "operand2": 99},
                    "retryStrategy": \(Self.linear("5s", 2))}\(handlers)},
                 {"name": "Recover", "actionId": "t.ok"}]
                """, start: ["Poll"]))
        let step = try #require(execution.step("Poll"))
        #expect(step.status == .failed)
        #expect(step.error?.code == "completionGate.unmet")
        #expect(step.attempts.count == 3)
        #expect(execution.status == (withFallback ? .successful : .failed))
        #expect(execution.step("Recover")?.status == (withFallback ? .successful : .skipped))
        if !withFallback {
            #expect(execution.error?.stepName == "Poll")
        }
    }

    @Test("a linear error handler retries failed attempts, its interval apart")
    func linearRetries() async throws {
        let flaky = FakeAction.failing("t.flaky", times: 2)
        let harness = EngineHarness([flaky, FakeAction.succeeding("t.ok")])
        let execution = try await harness.run(
            spec(
                """
                [{"name": "Flaky", "actionId": "t.flaky", "errorHandlers": \(Self.handler("Recover", Self.linear("5s", 3)))},
                 {"name": "Recover", "actionId": "t.ok"}]
                """))
        #expect(execution.status == .successful)
        let step = try #require(execution.step("Flaky"))
        #expect(step.status == .successful)
        #expect(step.attempts.map(\.outcome) == [.failed, .failed, .succeeded])
        #expect(step.attempts.map(\.number) == [1, 2, 3])
        #expect(flaky.invocations.map(\.context.attempt) == [1, 2, 3])
        #expect(harness.clock.requestedSleeps == [.seconds(5), .seconds(5)])
        #expect(execution.step("Recover")?.status == .skipped)
    }

    @Test("an exponential handler backs off with jitter and a cap, then the fallback runs and sees the error")
    func exponentialThenFallback() async throws {
        let broken = FakeAction.failing("t.broken")
        let recover = FakeAction.succeeding("t.recover")
        var harness = EngineHarness([broken, recover])
        harness.jitter = 0.5
        let strategy = """
            {"kind": "RETRY_STRATEGY_EXPONENTIAL", "exponential": {"initialInterval": "2s", "maxRetries": 4,
             "multiplier": 3, "maxInterval": "20s", "jitter": 0.5}}
            """
        let execution = try await harness.run(
            spec(
                """
                [{"name": "Broken", "actionId": "t.broken", "errorHandlers": \(Self.handler("Recover", strategy))},
                 {"name": "Recover", "actionId": "t.recover", "parameters": [
                   {"name": "why", "value": "{{ Steps.Broken.error.message }}"},
                   {"name": "status", "value": "{{ Steps.Broken.status }}"}]}]
                """))
        #expect(broken.callCount == 5)
        // 2s, 6s, 18s, then 54s capped at 20s; each shortened by jitter 0.5 × sample 0.5 = 25 %.
        #expect(
            harness.clock.requestedSleeps == [
                .milliseconds(1500), .milliseconds(4500), .milliseconds(13500),
                .seconds(15),
            ])
        #expect(execution.status == .successful)
        #expect(execution.step("Broken")?.status == .failed)
        #expect(execution.step("Broken")?.fallbackStepNames == ["Recover"])
        #expect(recover.invocations.first?.parameters == ["why": "call 5 failed", "status": "Failed"])
    }

    @Test("a failure with no handler fails the execution, stops running steps and skips the rest")
    func unhandledFailure() async throws {
        let hanging = FakeAction.hanging("t.hang")
        let harness = EngineHarness([hanging, FakeAction.failing("t.fail"), FakeAction.succeeding("t.ok")])
        let execution = try await harness.run(
            spec(
                """
                [{"name": "Start", "actionId": "t.ok", "outboundEdges": [{"branchName": "main", "nextStepName": "Slow"},
                   {"branchName": "main", "nextStepName": "Bad"}]},
                 {"name": "Slow", "actionId": "t.hang"},
                 {"name": "Bad", "actionId": "t.fail", "outboundEdges": [{"branchName": "main", "nextStepName": "After"}]},
                 {"name": "After", "actionId": "t.ok"}]
                """))
        #expect(execution.status == .failed)
        #expect(execution.error == StepError(code: "fake.failed", message: "call 1 failed", stepName: "Bad"))
        #expect(execution.steps.map(\.status) == [.successful, .stopped, .failed, .skipped])
        #expect(hanging.cancellationCount == 1)
        let statistics = execution.statistics
        let counts: [Int] = [
            statistics.succeeded, statistics.stopped, statistics.failed, statistics.skipped,
            statistics.running,
        ]
        #expect(counts == [1, 1, 1, 1, 0])
    }

    @Test("template errors are not retried", arguments: ["{{ Steps.Nope.output }}", "{{ Trigger.payload.missing }}"])
    func templateErrorsAreFinal(template: String) async throws {
        let action = FakeAction.succeeding("t.ok")
        let harness = EngineHarness([action])
        let execution = try await harness.run(
            spec(
                """
                [{"name": "A", "actionId": "t.ok", "parameters": [{"name": "p", "value": "\(template)"}],
                  "errorHandlers": \(Self.handler("B", Self.linear("1s", 3)))},
                 {"name": "B", "actionId": "t.ok"}]
                """))
        #expect(action.invocations.map(\.context.stepName) == ["B"])
        #expect(execution.step("A")?.attempts.count == 1)
        #expect(execution.step("A")?.error?.code == "template.missing")
        #expect(harness.clock.requestedSleeps == [])
    }

    @Test("an action that is not installed fails its step with a message saying how to add it")
    func unknownActionAtRunTime() async throws {
        let harness = EngineHarness([])
        let execution = try await harness.run(spec(#"[{"name": "A", "actionId": "acme.deploy"}]"#))
        #expect(execution.status == .failed)
        #expect(execution.error?.code == "action.unknown")
        #expect(execution.error?.message.contains("plugin named \"acme.deploy\"") == true)
    }
}
