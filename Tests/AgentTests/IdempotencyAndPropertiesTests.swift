import Agent
import Foundation
import HTTPTypes
import Store
import Testing
import Workflow

@Suite("Idempotency keys and run properties")
struct IdempotencyAndPropertiesTests {
    static let key: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "deploy-42"]

    @Test("the same key with the same body (in any member order) returns the first run; another body is 422")
    func idempotencyMismatch() async throws {
        try await AgentHarness.run { agent in
            let id = try await agent.createWorkflow()
            let uri = "/api/v2/workflows/\(id)/instances"
            let body = #"{"meta": {"payload": {}, "priority": 3}}"#
            let first = try await agent.send(.post, uri, json: body, headers: Self.key)
            #expect(first.status == 200)
            let same = try await agent.send(
                .post, uri, json: #"{ "meta" : { "priority" : 3, "payload" : {} } }"#, headers: Self.key)
            #expect(same.status == 200)
            #expect(same.json["data"]?["id"] == first.json["data"]?["id"])
            let other = try await agent.send(.post, uri, json: #"{"meta": {"priority": 1}}"#, headers: Self.key)
            #expect(other.status == 422)
            #expect(other.errors.first?.contains("Idempotency-Key 'deploy-42'") == true)
            #expect(other.errors.first?.contains("different request body") == true)
            await agent.runtime.dispatcher.idle()
            let list = try await agent.send(.get, "\(uri)")
            #expect(list.json["meta"]?["page"]?["totalCount"] == 1)
        }
    }

    @Test("PUT properties merges into a running instance and survives its end; an ended one is 409")
    func putProperties() async throws {
        try await AgentHarness.run { agent in
            let id = try await agent.createWorkflow(Samples.sleeping(seconds: 600))
            let run = try await agent.send(
                .post, "/api/v2/workflows/\(id)/instances",
                json: #"{"meta": {"properties": {"stage": "start", "keep": 1}}}"#)
            let instance = try #require(run.json["data"]?["id"]?.stringValue)
            let uri = "/api/v2/workflows/\(id)/instances/\(instance)/properties"
            let put = try await agent.send(
                .put, uri, json: #"{"data": {"attributes": {"properties": {"stage": "copy", "rows": 1200}}}}"#,
                token: AgentHarness.runToken)
            #expect(put.status == 200)
            let expected: JSONValue = ["stage": "copy", "keep": 1, "rows": 1200]
            #expect(put.json["data"]?["attributes"]?["properties"] == expected)
            #expect(put.json["data"]?["type"] == "workflow_instance_properties")
            #expect(try await agent.send(.get, uri).json["data"]?["attributes"]?["properties"] == expected)

            #expect(try await agent.send(.put, "/api/v2/workflows/\(id)/instances/\(instance)/cancel").status == 200)
            await agent.runtime.dispatcher.idle()
            let ended = try await agent.send(.get, "/api/v2/workflows/\(id)/instances/\(instance)")
            #expect(ended.json["data"]?["attributes"]?["status"] == "Cancelled")
            #expect(try await agent.send(.get, uri).json["data"]?["attributes"]?["properties"] == expected)
            let late = try await agent.send(
                .put, uri, json: #"{"data": {"attributes": {"properties": {"stage": "late"}}}}"#)
            #expect(late.status == 409)
            #expect(late.errors.first?.contains("Cancelled") == true)
        }
    }

    @Test("a step that starts after PUT properties sees the new values; the one running kept the old")
    func putPropertiesReachLaterSteps() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sundial-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let started = directory.appendingPathComponent("started").path
        let go = directory.appendingPathComponent("go").path
        try await AgentHarness.run { agent in
            let steps = #"""
                [{"name": "Wait", "actionId": "sundial.shell", "parameters": [
                   {"name": "command", "value": ["/bin/sh", "-c", "echo {{ Properties.stage }}; touch \#(started); while [ ! -f \#(go) ]; do sleep 0.01; done"]}],
                  "outboundEdges": [{"branchName": "main", "nextStepName": "Report"}]},
                 {"name": "Report", "actionId": "sundial.transform", "parameters": [{"name": "value", "value": "{{ Properties.stage }}"}]}]
                """#
            let id = try await agent.createWorkflow(Samples.workflow(name: "Staged", steps: steps))
            let run = try await agent.send(
                .post, "/api/v2/workflows/\(id)/instances", json: #"{"meta": {"properties": {"stage": "start"}}}"#)
            let instance = try #require(run.json["data"]?["id"]?.stringValue)
            // Bounded wait for the child process's effect: the first step is running.
            for _ in 0..<1_000 where !FileManager.default.fileExists(atPath: started) {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(FileManager.default.fileExists(atPath: started))
            let put = try await agent.send(
                .put, "/api/v2/workflows/\(id)/instances/\(instance)/properties",
                json: #"{"data": {"attributes": {"properties": {"stage": "copy"}}}}"#)
            #expect(put.status == 200)
            #expect(FileManager.default.createFile(atPath: go, contents: nil))
            await agent.runtime.dispatcher.idle()

            let stored = try #require(try await agent.runtime.store.execution(id: instance))
            #expect(stored.status == .successful)
            #expect(stored.step("Wait")?.attempts.first?.output?["stdout"]?.stringValue?.hasPrefix("start") == true)
            #expect(stored.step("Report")?.attempts.first?.input?["value"] == "copy")
            #expect(agent.runtime.propertyChanges.count == 0)
        }
    }

    @Test("PUT properties refuses a malformed body, an unknown instance and a read-only key")
    func putPropertiesRefusals() async throws {
        try await AgentHarness.run { agent in
            let id = try await agent.createWorkflow(Samples.sleeping(seconds: 600))
            let run = try await agent.send(.post, "/api/v2/workflows/\(id)/instances", json: "{}")
            let instance = try #require(run.json["data"]?["id"]?.stringValue)
            let uri = "/api/v2/workflows/\(id)/instances/\(instance)/properties"
            let malformed = try await agent.send(.put, uri, json: #"{"data": {"attributes": {"properties": [1]}}}"#)
            #expect(malformed.status == 400)
            #expect(malformed.errors.first?.hasPrefix("/data/attributes/properties: ") == true)
            let body = #"{"data": {"attributes": {"properties": {"a": 1}}}}"#
            let unknown = try await agent.send(.put, "/api/v2/workflows/\(id)/instances/nope/properties", json: body)
            #expect(unknown.status == 404)
            let readOnly = try await agent.send(.put, uri, json: body, token: AgentHarness.readToken)
            #expect(readOnly.status == 403)
            #expect(try await agent.send(.put, "/api/v2/workflows/\(id)/instances/\(instance)/cancel").status == 200)
        }
    }
}
