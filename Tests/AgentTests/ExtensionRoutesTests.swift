import Agent
import Foundation
import HTTPTypes
import Store
import Testing
import Workflow

@Suite("Extension routes")
struct ExtensionRoutesTests {
    @Test("GET /api/v2/instances filters across workflows by status and time, and pages")
    func search() async throws {
        try await AgentHarness.run(configure: Samples.acceptingDatadogActions) { agent in
            let good = try await agent.createWorkflow()
            let bad = try await agent.createWorkflow(Samples.seedExample)
            for _ in 0..<3 { _ = try await agent.runToEnd(good) }
            _ = try await agent.runToEnd(bad)
            let successful = try await agent.send(.get, "/api/v2/instances?filter[status]=Successful&page[size]=2")
            #expect(successful.json["meta"]?["page"]?["totalCount"] == 3)
            #expect(successful.json["data"]?.arrayValue?.count == 2)
            let both = try await agent.send(.get, "/api/v2/instances?filter[status]=Successful,Failed")
            #expect(both.json["meta"]?["page"]?["totalCount"] == 4)
            let oneWorkflow = try await agent.send(.get, "/api/v2/instances?filter[workflowId]=\(bad)")
            #expect(oneWorkflow.json["data"]?[0]?["attributes"]?["status"] == "Failed")
            let future = try await agent.send(.get, "/api/v2/instances?filter[startedAfter]=2999-01-01T00:00:00Z")
            #expect(future.json["meta"]?["page"]?["totalCount"] == 0)
            let past = try await agent.send(.get, "/api/v2/instances?filter[finishedBefore]=2999-01-01T00:00:00Z")
            #expect(past.json["meta"]?["page"]?["totalCount"] == 4)
            let wrong = try await agent.send(.get, "/api/v2/instances?filter[status]=Done")
            #expect(wrong.status == 400)
            #expect(wrong.errors.first?.contains("Successful") == true)
        }
    }

    @Test("GET /metrics counts executions by status and responses by code, in Prometheus text")
    func metrics() async throws {
        try await AgentHarness.run { agent in
            let id = try await agent.createWorkflow()
            _ = try await agent.runToEnd(id)
            _ = try await agent.send(.get, "/api/v2/workflows/missing")
            let metrics = try await agent.send(.get, "/metrics", token: "")
            #expect(metrics.status == 200)
            let lines = metrics.text.split(separator: "\n").map(String.init)
            #expect(lines.contains("sundial_executions_finished_total{status=\"Successful\"} 1"))
            #expect(lines.contains("sundial_executions_started_total 1"))
            #expect(lines.contains("sundial_queue_depth 0"))
            #expect(lines.contains("sundial_http_responses_total{code=\"404\"} 1"))
        }
    }

    @Test("GET /api/v2/openapi.json describes every API route with its scope")
    func openAPI() async throws {
        try await AgentHarness.run { agent in
            let document = try await agent.send(.get, "/api/v2/openapi.json", token: "").json
            let paths = try #require(document["paths"]?.objectValue)
            #expect(paths["/api/v2/workflows/{workflow_id}/instances/{instance_id}/cancel"]?["put"] != nil)
            #expect(paths["/api/v2/workflows"]?["post"]?["x-permission"] == "workflows_write")
            #expect(paths["/api/v2/instances"]?["get"]?["parameters"]?.arrayValue?.count == 8)
            let callbacks = "/api/v2/workflows/{workflow_id}/instances/{instance_id}/callbacks"
            #expect(paths[callbacks]?["get"]?["x-permission"] == "workflows_read")
            #expect(paths[callbacks + "/redeliver"]?["post"]?["x-permission"] == "workflows_run")
            #expect(paths["/api/v2/workflows/{workflow_id}/schedule"]?["get"]?["x-permission"] == "workflows_read")
            #expect(paths["/api/v2/workflows/{workflow_id}/fires"]?["get"]?["x-permission"] == "workflows_read")
            #expect(paths["/api/v2/alerts"]?["post"]?["x-permission"] == "workflows_run")
            #expect(paths["/api/v2/workflows/{workflow_id}/webhook"]?["post"] != nil)
            #expect(paths["/api/v2/instances/{instance_id}"]?["get"]?["x-permission"] == "workflows_read")
            let events = "/api/v2/workflows/{workflow_id}/instances/{instance_id}/events"
            #expect(paths[events]?["get"]?["responses"]?["200"]?["content"]?["text/event-stream"] != nil)
            #expect(paths["/api/v2/secrets/{name}"]?["put"]?["x-permission"] == "workflows_write")
            #expect(paths["/api/v2/secrets"]?["get"]?["x-permission"] == "workflows_read")
            #expect(paths["/api/v2/workflows/{workflow_id}/credentials"]?["get"]?["x-permission"] == "workflows_read")
            #expect(paths.count == 23)
        }
    }
}

@Suite("API rate limit")
struct APIRateLimitTests {
    @Test("runs past the apiTrigger rateLimit are 429 with Retry-After")
    func tooMany() async throws {
        try await AgentHarness.run { agent in
            let body = #"""
                {"data": {"type": "workflows", "attributes": {"name": "Limited", "spec": {
                  "steps": [{"name": "A", "actionId": "com.datadoghq.core.noop"}],
                  "triggers": [{"apiTrigger": {"rateLimit": {"count": 2, "interval": "3600s"}}}]}}}}
                """#
            let id = try await agent.createWorkflow(body)
            for _ in 0..<2 {
                #expect(try await agent.send(.post, "/api/v2/workflows/\(id)/instances", json: "{}").status == 200)
            }
            let third = try await agent.send(.post, "/api/v2/workflows/\(id)/instances", json: "{}")
            #expect(third.status == 429)
            let retryAfter = third.headers[.retryAfter].flatMap { Int($0) }
            #expect(retryAfter.map { $0 > 3500 && $0 <= 3600 } == true)
            #expect(third.errors.first?.contains("rateLimit") == true)
        }
    }
}

@Suite("Run properties")
struct RunPropertiesTests {
    @Test("GET …/properties returns the properties a run was started with")
    func read() async throws {
        try await AgentHarness.run { agent in
            let id = try await agent.createWorkflow()
            let run = try await agent.send(
                .post, "/api/v2/workflows/\(id)/instances", json: #"{"meta": {"properties": {"batch": "b-7"}}}"#)
            let instance = try #require(run.json["data"]?["id"]?.stringValue)
            await agent.runtime.dispatcher.idle()
            let reply = try await agent.send(.get, "/api/v2/workflows/\(id)/instances/\(instance)/properties")
            #expect(reply.status == 200)
            #expect(reply.json["data"]?["attributes"]?["properties"] == ["batch": "b-7"])
            let missing = try await agent.send(.get, "/api/v2/workflows/\(id)/instances/nope/properties")
            #expect(missing.status == 404)
        }
    }
}
