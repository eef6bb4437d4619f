import Foundation
import Synchronization
import Testing

@testable import Workflow

@Suite("Engine: templates, inputs, outputs, logs and events")
struct EngineDataTests {
    @Test("parameters are rendered from the trigger, earlier steps, workflow, execution, properties and secrets")
    func parametersRendered() async throws {
        let check = FakeAction.succeeding("t.check", output: ["status": 200, "body": ["ok": true]])
        let use = FakeAction.succeeding("t.use")
        let harness = EngineHarness([check, use])
        let execution = try await harness.run(
            spec(
                """
                [{"name": "Check", "actionId": "t.check", "outboundEdges": [{"branchName": "main", "nextStepName": "Use"}]},
                 {"name": "Use", "actionId": "t.use", "parameters": [
                   {"name": "status", "value": "{{ Steps.Check.output.status }}"},
                   {"name": "summary", "value": "{{ Workflow.name }}/{{ Execution.id }}: {{ Trigger.payload.host }} is {{ Steps.Check.output.status }}"},
                   {"name": "nested", "value": {"ok": "{{ Steps.Check.output.body.ok }}", "list": ["{{ Properties.key }}", 1]}},
                   {"name": "token", "value": "{{ Secrets.token }}"},
                   {"name": "kind", "value": "{{ Trigger.kind }}"}]}]
                """), input: ["host": "db1"]
        ) { request in
            request.properties = ["key": "value"]
            request.secrets = ["token": "s3cret"]
        }
        #expect(execution.status == .successful)
        let parameters = try #require(use.invocations.first?.parameters)
        #expect(
            parameters == [
                "status": 200, "summary": "test/ex-1: db1 is 200", "nested": ["ok": true, "list": ["value", 1]],
                "token": "s3cret", "kind": "manual",
            ])
        let context = try #require(use.invocations.first?.context)
        #expect(
            (context.workflowID, context.executionID, context.stepName, context.attempt) == ("wf-1", "ex-1", "Use", 1))
        // The attempt keeps what was sent, the secret masked.
        var recorded = parameters
        recorded["token"] = "[secret]"
        #expect(execution.step("Use")?.attempts.first?.input == .object(recorded))
        let everything = String(decoding: try JSONEncoder().encode(execution), as: UTF8.self)
        #expect(!everything.contains("s3cret"))
    }

    @Test("a step that starts after the run's properties changed sees the change in its templates")
    func changedPropertiesReachLaterSteps() async throws {
        let first = FakeAction.succeeding("t.first")
        let second = FakeAction.succeeding("t.second")
        let asked = Mutex(0)
        let execution = try await EngineHarness([first, second]).run(
            spec(
                """
                [{"name": "A", "actionId": "t.first", "parameters": [{"name": "stage", "value": "{{ Properties.stage }}"}],
                  "outboundEdges": [{"branchName": "main", "nextStepName": "B"}]},
                 {"name": "B", "actionId": "t.second", "parameters": [{"name": "stage", "value": "{{ Properties.stage }}"}]}]
                """)
        ) { request in
            request.properties = ["stage": "start"]
            // Unchanged when A starts; changed (as by PUT …/properties while A ran) when B starts.
            request.propertiesSource = {
                asked.withLock { count in
                    count += 1
                    return count == 1 ? nil : ["stage": "copy", "by": "operator"]
                }
            }
        }
        #expect(first.invocations.first?.parameters == ["stage": "start"])
        #expect(second.invocations.first?.parameters == ["stage": "copy"])
        #expect(execution.properties == ["stage": "copy", "by": "operator"])
        #expect(asked.withLock { $0 } == 2)
    }

    @Test("action parameter defaults are passed when a step leaves them out")
    func parameterDefaults() async throws {
        let action = FakeAction(
            "t.defaults",
            parameters: [
                ActionParameter(name: "retries", type: "integer", defaultValue: 3, description: "Retries."),
                ActionParameter(name: "mode", type: "string", defaultValue: "fast", description: "Mode."),
            ]
        ) { _, _ in ActionResult() }
        let harness = EngineHarness([action])
        _ = try await harness.run(
            spec(#"[{"name": "A", "actionId": "t.defaults", "parameters": [{"name": "mode", "value": "slow"}]}]"#))
        #expect(action.invocations.first?.parameters == ["retries": 3, "mode": "slow"])
    }

    @Test("inputs get the schema's defaults; a payload that does not match fails the execution before any step")
    func inputs() async throws {
        let action = FakeAction.succeeding("t.ok")
        let json = """
            {"name": "w", "spec": {"triggers": [{"workflowTrigger": {}}],
              "inputSchema": {"parameters": [{"name": "env", "type": "STRING", "defaultValue": "staging",
                "allowedValues": ["staging", "prod"]}, {"name": "count", "type": "NUMBER", "defaultValue": 1}]},
              "steps": [{"name": "A", "actionId": "t.ok", "parameters": [{"name": "env", "value": "{{ Trigger.payload.env }}"}]}]}}
            """
        let good = try await EngineHarness([action]).run(json, input: ["count": 5])
        #expect(good.input == ["env": "staging", "count": 5])
        #expect(action.invocations.first?.parameters == ["env": "staging"])
        let harness = EngineHarness([action])
        let bad = try await harness.run(json, input: ["env": "qa"])
        #expect(bad.status == .failed)
        #expect(bad.error?.code == "input.invalid")
        #expect(bad.error?.message.contains("/env") == true)
        #expect(bad.steps.map(\.status) == [.skipped])
        #expect(action.callCount == 1)
        #expect(harness.observer.summary == ["started", "finished Failed"])
    }

    @Test("a trigger's payload (an alert, a webhook delivery) is Trigger.payload and stays on the execution")
    func triggerPayload() async throws {
        let action = FakeAction.succeeding("t.ok")
        let json = """
            {"name": "w", "spec": {"triggers": [{"monitorTrigger": {}}],
              "steps": [{"name": "A", "actionId": "t.ok", "parameters": [
                {"name": "alert", "value": "{{ Trigger.payload.alertname }}"},
                {"name": "source", "value": "{{ Trigger.source }}"}]}]}}
            """
        let execution = try await EngineHarness([action]).run(json, trigger: .monitor) { request in
            request.triggerData = ["payload": ["alertname": "DiskFull"], "source": "alertmanager"]
        }
        #expect(execution.status == .successful)
        #expect(action.invocations.first?.parameters == ["alert": "DiskFull", "source": "alertmanager"])
        #expect(execution.triggerData["source"] == "alertmanager")
        #expect(execution.input == [:])
    }

    @Test("outputs come from outputSchema: rendered values, literal values and defaults")
    func outputs() async throws {
        let harness = EngineHarness([FakeAction.succeeding("t.ok", output: ["items": [["id": 1]]])])
        let execution = try await harness.run(
            spec(
                #"[{"name": "List", "actionId": "t.ok"}]"#,
                extra: """
                    , "outputSchema": {"parameters": [
                      {"name": "items", "type": "ARRAY_OBJECT", "value": "{{ Steps.List.output.items }}"},
                      {"name": "literal", "type": "STRING", "value": "outputValue"},
                      {"name": "fallback", "type": "STRING", "value": "{{ Steps.List.output.missing }}", "defaultValue": "none"},
                      {"name": "onlyDefault", "type": "NUMBER", "defaultValue": 7}]}
                    """))
        #expect(execution.status == .successful)
        #expect(
            execution.outputs == ["items": [["id": 1]], "literal": "outputValue", "fallback": "none", "onlyDefault": 7])
        #expect(harness.observer.events.contains(.outputs(executionID: "ex-1", execution.outputs)))
    }

    @Test("an output whose template names nothing and has no default fails the execution with the path")
    func outputMissing() async throws {
        let harness = EngineHarness([FakeAction.succeeding("t.ok")])
        let execution = try await harness.run(
            spec(
                #"[{"name": "A", "actionId": "t.ok"}]"#,
                extra: """
                    , "outputSchema": {"parameters": [{"name": "x", "type": "STRING", "value": "{{ Steps.A.output.x }}"}]}
                    """))
        #expect(execution.status == .failed)
        #expect(execution.error?.code == "template.missing")
        #expect(execution.error?.message.contains("Steps.A.output has no member \"x\"") == true)
    }

    @Test(
        "log lines are kept per step at or above the execution's level",
        arguments: [
            (LogLevel.debug, ["debug", "info", "error"]), (.info, ["info", "error"]), (.error, ["error"]),
            (.emergency, []),
        ])
    func logLevels(level: LogLevel, expected: [String]) async throws {
        let chatty = FakeAction("t.log") { invocation, _ in
            invocation.context.log(.debug, "debug")
            invocation.context.log(.info, "info")
            invocation.context.log(.error, "error")
            return ActionResult()
        }
        let harness = EngineHarness([chatty])
        let execution = try await harness.run(spec(#"[{"name": "A", "actionId": "t.log"}]"#)) { $0.logLevel = level }
        let lines = try #require(execution.step("A")?.logs)
        #expect(lines.map(\.message) == expected)
        #expect(lines.allSatisfy { $0.stepName == "A" && $0.attempt == 1 })
        #expect(execution.logs.allSatisfy { $0.level >= level })
    }

    @Test("the final execution reports timestamps from the clock, attempts, statistics and a JSON shape")
    func finalShape() async throws {
        let harness = EngineHarness([FakeAction.failing("t.flaky", times: 1)])
        let execution = try await harness.run(
            spec(
                """
                [{"name": "A", "actionId": "t.flaky", "errorHandlers": [{"fallbackStepName": "B", "retryStrategy":
                  {"kind": "RETRY_STRATEGY_LINEAR", "linear": {"interval": "30s", "maxRetries": 1}}}]},
                 {"name": "B", "actionId": "t.flaky"}]
                """))
        #expect(execution.status == .successful)
        #expect(execution.startedAt == harness.clock.origin)
        #expect(execution.finishedAt == harness.clock.origin.addingTimeInterval(30))
        let step = try #require(execution.step("A"))
        #expect(step.attempts.map(\.error?.code) == ["fake.failed", nil])
        #expect(step.logs.map(\.level) == [.error, .info])
        let tree = try Fixtures.tree(of: execution)
        #expect(tree["status"] == "Successful")
        #expect(tree["statistics"]?["succeeded"] == 1)
        #expect(tree["statistics"]?["skipped"] == 1)
        #expect(tree["steps"]?[0]?["attempts"]?[0]?["outcome"] == "failed")
        let last = try #require(harness.observer.events.last)
        #expect(last == .executionFinished(execution))
    }
}
