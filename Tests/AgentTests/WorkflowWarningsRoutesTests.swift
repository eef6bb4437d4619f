import Actions
import Agent
import Foundation
import HTTPTypes
import Testing
import Workflow

/// What create and update refuse, and what they accept with `meta.warnings`.
@Suite("Workflow routes: refusals and warnings")
struct WorkflowWarningsRoutesTests {
    static func body(
        attributes: String = #""published": true,"#, spec: String = "",
        triggers: String = #"{"apiTrigger": {}}"#, step: String = #""actionId": "com.datadoghq.core.noop""#
    )
        -> String
    {
        #"""
        {"data": {"type": "workflows", "attributes": {"name": "w", \#(attributes)
          "spec": {\#(spec) "triggers": [\#(triggers)], "steps": [{"name": "S", \#(step)}]}}}}
        """#
    }

    @Test("an unknown actionId is refused with 422 and a pointer, as validate refuses it")
    func unknownActionRefused() async throws {
        try await AgentHarness.run { agent in
            let reply = try await agent.send(
                .post, "/api/v2/workflows", json: Self.body(step: #""actionId": "made.up""#))
            #expect(reply.status == 422)
            let error = try #require(reply.json["errors"]?[0])
            #expect(error["source"]?["pointer"] == "/data/attributes/spec/steps/0/actionId")
            #expect(error["detail"]?.stringValue?.contains("unknown action \"made.up\"") == true)
            let list = try await agent.send(.get, "/api/v2/workflows")
            #expect(list.json["data"]?.arrayValue?.isEmpty == true)
        }
    }

    @Test("with allowUnknownActions an unknown actionId is accepted with a warning")
    func unknownActionAllowed() async throws {
        try await AgentHarness.run(configure: { $0.allowUnknownActions = true }) { agent in
            let reply = try await agent.send(
                .post, "/api/v2/workflows", json: Self.body(step: #""actionId": "made.up""#))
            #expect(reply.status == 201)
            let warnings = reply.json["meta"]?["warnings"]?.arrayValue ?? []
            #expect(warnings.map { $0["code"] } == ["action.unknown"])
            #expect(warnings.first?["pointer"] == "/data/attributes/spec/steps/0/actionId")
        }
    }

    @Test("unknown members are accepted and answered with meta.warnings, pointer and message each, and logged")
    func unknownMembersWarned() async throws {
        try await AgentHarness.run { agent in
            let body = Self.body(
                attributes: #""published": true, "publised": true,"#, spec: #""timout": "60s","#,
                triggers: #"{"apiTrigger": {}, "startStepName": ["S"]}"#)
            let reply = try await agent.send(.post, "/api/v2/workflows", json: body)
            #expect(reply.status == 201)
            #expect(reply.json["data"]?["attributes"]?["publised"] == true)
            let warnings = reply.json["meta"]?["warnings"]?.arrayValue ?? []
            #expect(
                warnings.compactMap { $0["pointer"]?.stringValue } == [
                    "/data/attributes/publised", "/data/attributes/spec/timout",
                    "/data/attributes/spec/triggers/0/startStepName",
                ])
            #expect(warnings.map { $0["code"] } == ["member.unknown", "member.unknown", "member.unknown"])
            #expect(warnings.first?["message"]?.stringValue?.contains("did you mean \"published\"?") == true)
            #expect(
                agent.log.all.contains { $0.contains("workflow accepted with a warning") && $0.contains("publised") })
            #expect(agent.runtime.metrics.workflowWarnings == ["member.unknown": 3])
            #expect(
                MetricsRoutes(runtime: agent.runtime).exposition()
                    .contains("sundial_workflow_warnings_total{code=\"member.unknown\"} 3"))
            let id = try #require(reply.json["data"]?["id"]?.stringValue)
            let updated = try await agent.send(
                .patch, "/api/v2/workflows/\(id)", json: #"{"data": {"attributes": {"name": "renamed"}}}"#)
            #expect(updated.status == 200)
            #expect(updated.json["meta"]?["warnings"]?.arrayValue?.count == 3)
        }
    }

    @Test("a clean workflow's response has exactly Datadog's shape, without meta")
    func cleanHasNoMeta() async throws {
        try await AgentHarness.run { agent in
            let reply = try await agent.send(.post, "/api/v2/workflows", json: Self.body())
            #expect(reply.status == 201)
            #expect(reply.json["meta"] == nil)
        }
    }

    @Test("automatic triggers created with published: false get a warning that they will not fire")
    func unpublishedWarned() async throws {
        try await AgentHarness.run { agent in
            let schedule = #"{"scheduleTrigger": {"rruleExpression": "FREQ=DAILY"}}"#
            let reply = try await agent.send(
                .post, "/api/v2/workflows", json: Self.body(attributes: #""published": false,"#, triggers: schedule))
            #expect(reply.status == 201)
            let warnings = reply.json["meta"]?["warnings"]?.arrayValue ?? []
            #expect(warnings.map { $0["code"] } == ["workflow.unpublished"])
            #expect(warnings.first?["pointer"] == "/data/attributes/published")
            #expect(warnings.first?["message"]?.stringValue?.contains("will not fire") == true)
            let id = try #require(reply.json["data"]?["id"]?.stringValue)
            let published = try await agent.send(
                .patch, "/api/v2/workflows/\(id)", json: #"{"data": {"attributes": {"published": true}}}"#)
            #expect(published.status == 200)
            #expect(published.json["meta"] == nil)
        }
    }

    @Test("a schedule of a workflow whose input has no default is refused with 422 at the trigger")
    func triggerWithoutInputRefused() async throws {
        try await AgentHarness.run { agent in
            let body = Self.body(
                spec: #""inputSchema": {"parameters": [{"name": "host", "type": "STRING"}]},"#,
                triggers: #"{"scheduleTrigger": {"rruleExpression": "0 0 * * *"}}"#)
            let reply = try await agent.send(.post, "/api/v2/workflows", json: body)
            #expect(reply.status == 422)
            let error = try #require(reply.json["errors"]?[0])
            #expect(error["source"]?["pointer"] == "/data/attributes/spec/triggers/0/scheduleTrigger")
            #expect(error["detail"]?.stringValue?.contains("\"host\" has no defaultValue") == true)
        }
    }

    @Test("a schedule that never matches is refused")
    func neverMatchingScheduleRefused() async throws {
        try await AgentHarness.run { agent in
            let body = Self.body(triggers: #"{"scheduleTrigger": {"rruleExpression": "0 0 30 2 *"}}"#)
            let reply = try await agent.send(.post, "/api/v2/workflows", json: body)
            #expect(reply.status == 422)
            #expect(reply.json["errors"]?[0]?["detail"]?.stringValue?.contains("never matches a date") == true)
        }
    }

    @Test("a local check whose target the agent's outbound policy refuses is refused; allowed, it is accepted")
    func refusedCheckTarget() async throws {
        let check = #"{"monitorTrigger": {"check": {"tcp": {"host": "127.0.0.1", "port": 5432}}}}"#
        try await AgentHarness.run { agent in
            let reply = try await agent.send(.post, "/api/v2/workflows", json: Self.body(triggers: check))
            #expect(reply.status == 422)
            let error = try #require(reply.json["errors"]?[0])
            #expect(error["source"]?["pointer"] == "/data/attributes/spec/triggers/0/monitorTrigger/check/tcp/host")
        }
        let policy = try OutboundPolicy(allowing: ["127.0.0.1"])
        try await AgentHarness.run(configure: { $0.outboundPolicy = policy }) { agent in
            let reply = try await agent.send(.post, "/api/v2/workflows", json: Self.body(triggers: check))
            #expect(reply.status == 201)
        }
    }

    @Test(
        "the static target check knows IP literals and localhost, and leaves host names to the probe",
        arguments: [
            ("http://127.0.0.1:8080/health", true), ("http://[::1]/h", true), ("http://localhost/h", true),
            ("http://10.1.2.3/h", true), ("http://169.254.169.254/latest", true), ("http://93.184.215.14/h", false),
            ("http://db.internal/h", false),
        ])
    func targetProblem(url: String, refused: Bool) {
        let check = MonitorCheck(http: MonitorCheck.HTTPProbe(url: url))
        #expect((LiveCheckProber.targetProblem(check, policy: OutboundPolicy()) != nil) == refused)
    }
}
