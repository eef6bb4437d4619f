import Agent
import Foundation
import HTTPTypes
import Store
import Testing
import Workflow

@Suite("Error statuses and limits")
struct ErrorStatusTests {
    @Test("an invalid workflow is 422 with a JSON pointer into the body")
    func invalidWorkflow() async throws {
        try await AgentHarness.run { agent in
            let body = Samples.workflow(
                name: "Bad",
                steps:
                    #"[{"name": "A", "actionId": "com.datadoghq.core.noop", "outboundEdges": [{"branchName": "main", "nextStepName": "Missing"}]}]"#
            )
            let reply = try await agent.send(.post, "/api/v2/workflows", json: body)
            #expect(reply.status == 422)
            #expect(
                reply.errors.contains { $0.hasPrefix("/data/attributes/spec/steps/0/outboundEdges/0/nextStepName: ") })
            #expect(reply.json["errors"]?[0]?["status"] == "422")
        }
    }

    @Test("a body that is not a workflow is 400 with the member it lacks")
    func unreadable() async throws {
        try await AgentHarness.run { agent in
            let missing = try await agent.send(
                .post, "/api/v2/workflows", json: #"{"data": {"attributes": {"name": "x"}}}"#)
            #expect(missing.status == 400)
            #expect(missing.errors.contains { $0.contains("/data/attributes") && $0.contains("spec") })
            let garbage = try await agent.send(.post, "/api/v2/workflows", json: "{not json")
            #expect(garbage.status == 400)
        }
    }

    @Test("a body past the size limit is 413; one nested too deep is 400; too many steps is 422")
    func limits() async throws {
        let limits = AgentLimits(maxBodyBytes: 2_000, maxJSONDepth: 12, maxStepsPerWorkflow: 2)
        try await AgentHarness.run(limits: limits) { agent in
            let big = Samples.workflow(
                name: String(repeating: "x", count: 3_000),
                steps: #"[{"name": "A", "actionId": "com.datadoghq.core.noop"}]"#)
            let tooBig = try await agent.send(.post, "/api/v2/workflows", json: big)
            #expect(tooBig.status == 413)
            #expect(tooBig.errors.first?.contains("maxBodyBytes") == true)
            let deep = String(repeating: "[", count: 20) + String(repeating: "]", count: 20)
            let tooDeep = try await agent.send(.post, "/api/v2/workflows", json: deep)
            #expect(tooDeep.status == 400)
            #expect(tooDeep.errors.first?.contains("maxJSONDepth") == true)
            let steps = (0..<3).map { #"{"name": "S\#($0)", "actionId": "com.datadoghq.core.noop"}"# }
            let many = try await agent.send(
                .post, "/api/v2/workflows",
                json: Samples.workflow(name: "Many", steps: "[" + steps.joined(separator: ",") + "]"))
            #expect(many.status == 422)
            #expect(many.errors.first?.hasPrefix("/data/attributes/spec/steps: ") == true)
        }
    }

    @Test("unknown ids and routes are 404; a bad query parameter is 400 naming it")
    func notFound() async throws {
        try await AgentHarness.run { agent in
            #expect(try await agent.send(.get, "/api/v2/workflows/nope").status == 404)
            #expect(try await agent.send(.get, "/api/v2/nothing-here").status == 404)
            let id = try await agent.createWorkflow()
            let missing = try await agent.send(.get, "/api/v2/workflows/\(id)/instances/nope")
            #expect(missing.status == 404)
            #expect(missing.json["errors"]?[0]?.stringValue != nil)
            let badPage = try await agent.send(.get, "/api/v2/workflows/\(id)/instances?page[size]=500")
            #expect(badPage.status == 400)
            #expect(badPage.errors.first?.contains("page[size]") == true)
            let badLimit = try await agent.send(.get, "/api/v2/workflows?limit=zero")
            #expect(badLimit.json["errors"]?[0]?["source"]?["parameter"] == "limit")
        }
    }

    @Test("a payload that does not match the input schema is 422 pointing under /meta/payload")
    func badPayload() async throws {
        try await AgentHarness.run { agent in
            let id = try await agent.createWorkflow(
                Samples.workflow(
                    name: "Typed", steps: #"[{"name": "A", "actionId": "com.datadoghq.core.noop"}]"#,
                    inputSchema: #"{"parameters": [{"name": "count", "type": "NUMBER"}]}"#))
            let reply = try await agent.send(
                .post, "/api/v2/workflows/\(id)/instances", json: #"{"meta": {"payload": {"count": "many"}}}"#)
            #expect(reply.status == 422)
            #expect(reply.errors.first?.hasPrefix("/meta/payload/count: ") == true)
            let priority = try await agent.send(
                .post, "/api/v2/workflows/\(id)/instances", json: #"{"meta": {"priority": 12}}"#)
            #expect(priority.status == 422)
            #expect(priority.errors.first?.hasPrefix("/meta/priority: ") == true)
        }
    }
}
