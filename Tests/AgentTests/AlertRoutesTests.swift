import Agent
import Foundation
import Store
import HTTPTypes
import Testing
import Workflow

@Suite("Alert routes")
struct AlertRoutesTests {
    /// A published noop workflow with `handle` and a monitor trigger (or an API trigger with `monitor: false`).
    static func workflow(handle: String, notifyOnRecovery: Bool = false, monitor: Bool = true) -> String {
        let trigger =
            monitor ? #"{"monitorTrigger": {"notifyOnRecovery": \#(notifyOnRecovery)}}"# : #"{"apiTrigger": {}}"#
        return #"""
            {"data": {"type": "workflows", "attributes": {"name": "\#(handle)", "published": true,
              "spec": {"handle": "\#(handle)", "triggers": [\#(trigger)],
                "steps": [{"name": "Only", "actionId": "com.datadoghq.core.noop"}]}}}}
            """#
    }

    @Test("an Alertmanager group fires the workflow its firing alert names and reports the rest")
    func alertmanager() async throws {
        let sink = RecordingEventSink()
        try await AgentHarness.run(eventSink: sink) { agent in
            let id = try await agent.createWorkflow(Self.workflow(handle: "disk-full"))
            let reply = try await agent.send(.post, "/api/v2/alerts", json: AlertSamples.alertmanagerGroup)
            #expect(reply.status == 202)
            let attributes = reply.json["data"]?["attributes"]
            #expect(attributes?["source"] == "alertmanager")
            #expect(attributes?["alerts"] == 3)
            #expect(attributes?["started"] == 1)
            let results = attributes?["results"]?.arrayValue ?? []
            #expect(results.map { $0["outcome"]?.stringValue } == ["started", "skipped", "unmatched"])
            #expect(results[0]["executionId"] == "exec-1")
            #expect(results[0]["workflowId"]?.stringValue == id)
            #expect(results[1]["reason"] == "resolved")
            #expect(results[2]["name"] == "HighLoad")
            let events = sink.received
            #expect(events.count == 1)
            #expect(events.first?.workflowID == id)
            #expect(events.first?.kind == .monitor)
            #expect(events.first?.triggerData["source"] == "alertmanager")
            #expect(events.first?.triggerData["payload"]?["labels"]?["instance"] == "db-1:9100")
            #expect(events.first?.triggerData["payload"]?["commonLabels"]?["severity"] == "critical")
        }
    }

    @Test("with notifyOnRecovery the resolved alert fires too; a repeat of the same group is a duplicate")
    func recoveryAndRepeat() async throws {
        let sink = RecordingEventSink()
        try await AgentHarness.run(eventSink: sink) { agent in
            _ = try await agent.createWorkflow(Self.workflow(handle: "disk-full", notifyOnRecovery: true))
            let first = try await agent.send(.post, "/api/v2/alerts", json: AlertSamples.alertmanagerGroup)
            #expect(first.json["data"]?["attributes"]?["started"] == 2)
            #expect(sink.received.map { $0.triggerData["status"] } == ["firing", "resolved"])
            let again = try await agent.send(.post, "/api/v2/alerts", json: AlertSamples.alertmanagerGroup)
            #expect(again.status == 200)
            let outcomes = again.json["data"]?["attributes"]?["results"]?.arrayValue?.map { $0["outcome"] }
            #expect(outcomes == ["duplicate", "duplicate", "unmatched"])
            #expect(sink.received.count == 2)
        }
    }

    @Test("a Datadog notification fires by @mention; what the trigger core skips is reported with its reason")
    func datadog() async throws {
        let sink = RecordingEventSink { _, _ in .skipped(reason: "rateLimited", retryAfterSeconds: 42) }
        try await AgentHarness.run(eventSink: sink) { agent in
            let id = try await agent.createWorkflow(Self.workflow(handle: "restart-nginx"))
            let reply = try await agent.send(.post, "/api/v2/alerts", json: AlertSamples.datadogDefault())
            #expect(reply.status == 200)
            let result = reply.json["data"]?["attributes"]?["results"]?[0]
            #expect(result?["outcome"] == "skipped")
            #expect(result?["reason"] == "rateLimited")
            #expect(result?["retryAfterSeconds"] == 42)
            #expect(sink.received.first?.workflowID == id)
            #expect(sink.received.first?.triggerData["source"] == "datadog")
            #expect(sink.received.first?.triggerData["payload"]?["org"]?["id"] == "812034")
        }
    }

    @Test("a workflow named by handle without a monitor trigger starts nothing; no known handle is not an error")
    func noTriggerAndUnmatched() async throws {
        let sink = RecordingEventSink()
        try await AgentHarness.run(eventSink: sink) { agent in
            _ = try await agent.createWorkflow(Self.workflow(handle: "disk-full", monitor: false))
            let reply = try await agent.send(
                .post, "/api/v2/alerts", json: AlertSamples.datadogCustom(transition: "Triggered"))
            #expect(reply.status == 200)
            #expect(reply.json["data"]?["attributes"]?["results"]?[0]?["reason"] == "noMonitorTrigger")
            let nobody = try await agent.send(.post, "/api/v2/alerts", json: AlertSamples.datadogDefault())
            #expect(nobody.status == 200)
            #expect(nobody.json["data"]?["attributes"]?["results"]?[0]?["outcome"] == "unmatched")
            #expect(sink.received.isEmpty)
        }
    }

    @Test("a body in neither format is 400 with a pointer; the route needs workflows_run")
    func refusals() async throws {
        try await AgentHarness.run(eventSink: RecordingEventSink()) { agent in
            let neither = try await agent.send(.post, "/api/v2/alerts", json: #"{"text": "disk full"}"#)
            #expect(neither.status == 400)
            #expect(neither.json["errors"]?[0]?["source"]?["pointer"] == "")
            #expect(neither.errors.first?.contains("Alertmanager") == true)
            let badStatus = try await agent.send(
                .post, "/api/v2/alerts", json: #"{"version": "4", "alerts": [{"status": "on", "labels": {}}]}"#)
            #expect(badStatus.status == 400)
            #expect(badStatus.errors.first?.hasPrefix("/alerts/0/status: ") == true)
            let readOnly = try await agent.send(
                .post, "/api/v2/alerts", json: AlertSamples.datadogDefault(), token: AgentHarness.readToken)
            #expect(readOnly.status == 403)
            let noKey = try await agent.send(.post, "/api/v2/alerts", json: AlertSamples.datadogDefault(), token: "")
            #expect(noKey.status == 401)
            let bearer = try await agent.send(
                .post, "/api/v2/alerts", json: AlertSamples.datadogDefault(), token: "",
                headers: [.authorization: "Bearer \(AgentHarness.runToken)"])
            #expect(bearer.status == 200)
        }
    }

    @Test("without a test sink the agent's trigger core starts and runs the workflow an alert names")
    func servedByTheTriggerCore() async throws {
        try await AgentHarness.run { agent in
            let id = try await agent.createWorkflow(Self.workflow(handle: "disk-full"))
            let reply = try await agent.send(.post, "/api/v2/alerts", json: AlertSamples.alertmanagerGroup)
            #expect(reply.status == 202)
            let executionID = try #require(
                reply.json["data"]?["attributes"]?["results"]?.arrayValue?.first?["executionId"]?.stringValue)
            await agent.runtime.dispatcher.idle()
            let execution = try #require(try await agent.runtime.store.execution(id: executionID))
            #expect(execution.workflowID == id)
            #expect(execution.status == .successful)
            #expect(execution.trigger == .monitor)
            #expect(execution.triggerData["source"] == "alertmanager")
            let fires = try await agent.send(.get, "/api/v2/workflows/\(id)/fires")
            #expect(fires.json["data"]?.arrayValue?.count == 1)
            let openAPI = try await agent.send(.get, "/api/v2/openapi.json")
            #expect(openAPI.json["paths"]?["/api/v2/alerts"]?["post"] != nil)
        }
    }
}
