import Agent
import Foundation
import HTTPTypes
import Store
import Testing
import Workflow

@Suite("Workflow routes")
struct WorkflowRoutesTests {
    @Test("create answers 201 with the seed's shape; get returns the same workflow")
    func createAndGet() async throws {
        try await AgentHarness.run(configure: Samples.acceptingDatadogActions) { agent in
            let created = try await agent.send(.post, "/api/v2/workflows", json: Samples.seedExample)
            #expect(created.status == 201)
            let data = created.json["data"]
            #expect(data?["type"] == "workflows")
            #expect(data?["attributes"]?["name"] == "Example Workflow")
            #expect(data?["attributes"]?["createdAt"]?.stringValue?.hasSuffix("Z") == true)
            #expect(data?["attributes"]?["spec"]?["steps"]?.arrayValue?.count == 2)
            #expect(data?["relationships"]?["creator"]?["data"]?["type"] == "users")
            let id = try #require(data?["id"]?.stringValue)
            let fetched = try await agent.send(.get, "/api/v2/workflows/\(id)")
            #expect(fetched.status == 200)
            #expect(fetched.json["data"]?["attributes"]?["tags"] == ["team:infra", "service:monitoring", "foo:bar"])
        }
    }

    @Test("update changes only the members sent and keeps the rest")
    func update() async throws {
        try await AgentHarness.run(configure: Samples.acceptingDatadogActions) { agent in
            let id = try await agent.createWorkflow(Samples.seedExample)
            let reply = try await agent.send(
                .patch, "/api/v2/workflows/\(id)",
                json: #"{"data": {"type": "workflows", "attributes": {"name": "Renamed", "published": false}}}"#)
            #expect(reply.status == 200)
            #expect(reply.json["data"]?["attributes"]?["name"] == "Renamed")
            #expect(reply.json["data"]?["attributes"]?["published"] == false)
            #expect(reply.json["data"]?["attributes"]?["description"] == "A sample workflow.")
        }
    }

    @Test("update removes a member sent as null; a data.id other than the path's is 400 and changes nothing")
    func updateNullAndMismatchedID() async throws {
        try await AgentHarness.run(configure: Samples.acceptingDatadogActions) { agent in
            let id = try await agent.createWorkflow(Samples.seedExample)
            let removed = try await agent.send(
                .patch, "/api/v2/workflows/\(id)",
                json: #"{"data": {"type": "workflows", "attributes": {"description": null}}}"#)
            #expect(removed.status == 200)
            // Gone from the stored definition (the response shows an absent description as null).
            #expect((removed.json["data"]?["attributes"]?["description"] ?? .null) == .null)
            #expect(!removed.text.contains("A sample workflow."))
            #expect(removed.json["data"]?["attributes"]?["name"] != nil)
            let same = try await agent.send(
                .patch, "/api/v2/workflows/\(id)",
                json: #"{"data": {"id": "\#(id)", "type": "workflows", "attributes": {"name": "Same id"}}}"#)
            #expect(same.status == 200)
            let other = try await agent.send(
                .patch, "/api/v2/workflows/\(id)",
                json: #"{"data": {"id": "another", "type": "workflows", "attributes": {"name": "Wrong"}}}"#)
            #expect(other.status == 400)
            #expect(other.json["errors"]?[0]?["source"]?["pointer"] == "/data/id")
            #expect(other.text.contains("data.id is 'another' but the path names workflow '\(id)'"))
            let after = try await agent.send(.get, "/api/v2/workflows/\(id)")
            #expect(after.json["data"]?["attributes"]?["name"] == "Same id")
        }
    }

    @Test("delete answers 204, then the workflow is 404 for get, update, delete and run")
    func delete() async throws {
        try await AgentHarness.run { agent in
            let id = try await agent.createWorkflow()
            #expect(try await agent.send(.delete, "/api/v2/workflows/\(id)").status == 204)
            #expect(try await agent.send(.get, "/api/v2/workflows/\(id)").status == 404)
            let patch = #"{"data": {"attributes": {"name": "x"}}}"#
            #expect(try await agent.send(.patch, "/api/v2/workflows/\(id)", json: patch).status == 404)
            #expect(try await agent.send(.delete, "/api/v2/workflows/\(id)").status == 404)
            #expect(try await agent.send(.post, "/api/v2/workflows/\(id)/instances", json: "{}").status == 404)
        }
    }

    @Test("list filters by text, tag, trigger and publication, sorts, pages and counts")
    func list() async throws {
        try await AgentHarness.run(configure: Samples.acceptingDatadogActions) { agent in
            _ = try await agent.createWorkflow(Samples.seedExample)
            _ = try await agent.createWorkflow(
                Samples.workflow(
                    name: "Beta", steps: #"[{"name": "A", "actionId": "com.datadoghq.core.noop"}]"#))
            _ = try await agent.createWorkflow(
                Samples.workflow(
                    name: "Alpha", steps: #"[{"name": "A", "actionId": "com.datadoghq.core.noop"}]"#,
                    extra: #", "tags": ["team:infra"]"#))
            let all = try await agent.send(.get, "/api/v2/workflows?sort=name")
            #expect(
                all.json["data"]?.arrayValue?.compactMap { $0["attributes"]?["name"]?.stringValue }
                    == ["Alpha", "Beta", "Example Workflow"])
            #expect(all.json["meta"]?["page"]?["totalCount"] == 3)
            #expect(all.json["data"]?[0]?["attributes"]?["spec"] == nil)
            let tagged = try await agent.send(.get, "/api/v2/workflows?filter%5Bquery%5D=team:infra&sort=-name")
            #expect(
                tagged.json["data"]?.arrayValue?.compactMap { $0["attributes"]?["name"]?.stringValue }
                    == ["Example Workflow", "Alpha"])
            #expect(tagged.json["meta"]?["page"]?["totalFilteredCount"] == 2)
            let monitor = try await agent.send(
                .get, "/api/v2/workflows?filter[triggerIds]=monitor&filter[includeSpecs]=true")
            #expect(monitor.json["data"]?.arrayValue?.count == 1)
            #expect(monitor.json["data"]?[0]?["attributes"]?["spec"]?["steps"] != nil)
            let text = try await agent.send(.get, "/api/v2/workflows?filter[query]=ALP")
            #expect(text.json["data"]?.arrayValue?.count == 1)
            let paged = try await agent.send(.get, "/api/v2/workflows?sort=name&limit=2&page=1")
            #expect(
                paged.json["data"]?.arrayValue?.compactMap { $0["attributes"]?["name"]?.stringValue }
                    == ["Example Workflow"])
            _ = try await agent.send(
                .patch, "/api/v2/workflows/\(try #require(all.json["data"]?[1]?["id"]?.stringValue))",
                json: #"{"data": {"attributes": {"published": false}}}"#)
            let published = try await agent.send(.get, "/api/v2/workflows?filter[includeUnpublished]=false")
            #expect(published.json["data"]?.arrayValue?.count == 2)
        }
    }
}
