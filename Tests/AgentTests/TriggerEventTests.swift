import Agent
import Foundation
import HTTPTypes
import Store
import SundialTesting
import Testing
import Workflow

/// Event triggers fired through the core's `TriggerEventSink`: the published, rate-limit gates, and the event's
/// data given to the run.
@Suite("Trigger events")
struct TriggerEventTests {
    static func workflow(published: Bool, inputs: String = "[]") -> String {
        #"""
        {"data": {"type": "workflows", "attributes": {"name": "Remediate", "published": \#(published),
          "spec": {"steps": [{"name": "Only", "actionId": "com.datadoghq.core.noop"}],
            "inputSchema": {"parameters": \#(inputs)},
            "triggers": [{"monitorTrigger": {"rateLimit": {"count": 1, "interval": "600s"}}}]}}}}
        """#
    }

    static func alert(_ id: String) -> TriggerEvent {
        TriggerEvent(
            workflowID: id, kind: .monitor, triggerData: ["payload": ["alertname": "DiskFull"]], actor: "alertmanager")
    }

    @Test("a published workflow's event starts a run with the event's data; the next is rate limited")
    func fires() async throws {
        let clock = ManualClock(nowMillis: TriggerHarness.utc(2026, 3, 2))
        try await TriggerHarness.withStore { store in
            try await TriggerHarness.run(store: store, clock: clock) { agent async throws in
                let id = try await agent.create(
                    Self.workflow(
                        published: true, inputs: #"[{"name": "host", "type": "STRING", "defaultValue": "db-1"}]"#))
                let sink: any TriggerEventSink = agent.core
                guard case .started(let executionID) = try await sink.fire(Self.alert(id)) else {
                    Issue.record("the alert did not start a run")
                    return
                }
                let execution = try #require(try await agent.store.execution(id: executionID))
                #expect(execution.trigger == .monitor)
                #expect(execution.triggerData["payload"]?["alertname"] == "DiskFull")
                #expect(execution.input == ["host": "db-1"])
                #expect(execution.status == .pending)
                #expect(agent.dispatcher.depth == 1)

                clock.advance(by: 60_000)
                #expect(
                    try await sink.fire(Self.alert(id)) == .skipped(reason: "rate_limited", retryAfterSeconds: 540))
                #expect(try await agent.outcomes(id) == ["started", "rate_limited"])
            }
        }
    }

    @Test("an unpublished workflow's event is recorded as skipped; unknown targets throw")
    func unpublished() async throws {
        let clock = ManualClock(nowMillis: TriggerHarness.utc(2026, 3, 2))
        try await TriggerHarness.withStore { store in
            try await TriggerHarness.run(store: store, clock: clock) { agent async throws in
                let id = try await agent.create(Self.workflow(published: false))
                #expect(
                    try await agent.core.fire(Self.alert(id)) == .skipped(reason: "unpublished", retryAfterSeconds: nil)
                )
                #expect(try await agent.outcomes(id) == ["unpublished"])
                #expect(try await agent.store.executions(ExecutionQuery(workflowID: id)).total == 0)

                await #expect(throws: TriggerFireError.self) { try await agent.core.fire(Self.alert("nope")) }
                let webhook = TriggerEvent(workflowID: id, kind: .githubWebhook, triggerData: [:], actor: "github")
                let error = await #expect(throws: TriggerFireError.self) { try await agent.core.fire(webhook) }
                #expect(error?.code == "trigger.none")
            }
        }
    }

    @Test("an input without a default cannot be given by an event: the fire is recorded as skipped")
    func missingInput() async throws {
        let clock = ManualClock(nowMillis: TriggerHarness.utc(2026, 3, 2))
        try await TriggerHarness.withStore { store in
            try await TriggerHarness.run(store: store, clock: clock) { agent async throws in
                let body = Self.workflow(published: true, inputs: #"[{"name": "host", "type": "STRING"}]"#)
                // The API refuses such a workflow now; one stored before it did is still skipped at run time.
                let refused = try await agent.send(.post, "/api/v2/workflows", json: body)
                #expect(refused.status == 422)
                let document = try WorkflowDocument.decode(data: Data(body.utf8), format: .json)
                let id = "stored-before-the-check"
                let stored = try await store.createWorkflow(
                    id: id, definition: document.workflow, actor: "test", at: Date())
                await agent.core.workflowChanged(stored)
                #expect(
                    try await agent.core.fire(Self.alert(id))
                        == .skipped(reason: "invalid_input", retryAfterSeconds: nil))
                #expect(try await agent.outcomes(id) == ["invalid_input"])
            }
        }
    }
}
