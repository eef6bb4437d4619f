import Agent
import Foundation
import HTTPTypes
import Store
import Testing
import Workflow

@Suite("Instance routes")
struct InstanceRoutesTests {
    @Test("a run goes Pending → Successful with steps, attempts, statistics and timestamps")
    func runToSuccess() async throws {
        try await AgentHarness.run { agent in
            let id = try await agent.createWorkflow()
            let instance = try await agent.runToEnd(id, json: #"{"meta": {"payload": {"input": "value"}}}"#)
            let attributes = instance["data"]?["attributes"]
            #expect(attributes?["status"] == "Successful")
            #expect(attributes?["steps"]?[0]?["status"] == "Successful")
            #expect(attributes?["steps"]?[0]?["attempts"]?.arrayValue?.count == 1)
            #expect(attributes?["statistics"]?["succeeded"] == 1)
            #expect(attributes?["startedAt"]?.stringValue != nil)
            #expect(attributes?["finishedAt"]?.stringValue != nil)
            #expect(instance["data"]?["id"] == attributes?["id"])
        }
    }

    @Test("a run request answers with a Location naming the instance, which GET answers with workflowId")
    func runAnswersWithLocation() async throws {
        try await AgentHarness.run { agent in
            let id = try await agent.createWorkflow()
            let reply = try await agent.send(.post, "/api/v2/workflows/\(id)/instances", json: "{}")
            let instanceID = try #require(reply.json["data"]?["id"]?.stringValue)
            let location = try #require(reply.headers[.location])
            #expect(location == "/api/v2/workflows/\(id)/instances/\(instanceID)")
            await agent.runtime.dispatcher.idle()
            let fetched = try await agent.send(.get, location)
            #expect(fetched.status == 200)
            #expect(fetched.json["data"]?["attributes"]?["workflowId"] == .string(id))
            #expect(fetched.json["data"]?["attributes"]?["workflowID"] == nil)
        }
    }

    @Test("an instance's callback URL is shown with its password as [secret], in GET as in the callback body")
    func callbackPasswordIsRedacted() async throws {
        try await AgentHarness.run { agent in
            let id = try await agent.createWorkflow()
            let instance = try await agent.runToEnd(
                id, json: #"{"meta": {"callback": "https://ops:hunter2@hooks.example:8443/done?x=1"}}"#)
            #expect(
                instance["data"]?["attributes"]?["callback"] == "https://ops:[secret]@hooks.example:8443/done?x=1")
        }
    }

    @Test("a step whose action is unknown fails the run with its code")
    func unknownActionFails() async throws {
        try await AgentHarness.run(configure: Samples.acceptingDatadogActions) { agent in
            let id = try await agent.createWorkflow(Samples.seedExample)
            let instance = try await agent.runToEnd(id)
            #expect(instance["data"]?["attributes"]?["status"] == "Failed")
        }
    }

    @Test("list pages newest first and counts all")
    func listPages() async throws {
        try await AgentHarness.run { agent in
            let id = try await agent.createWorkflow()
            var ids: [String] = []
            for _ in 0..<5 {
                let reply = try await agent.send(.post, "/api/v2/workflows/\(id)/instances", json: "{}")
                ids.append(try #require(reply.json["data"]?["id"]?.stringValue))
            }
            await agent.runtime.dispatcher.idle()
            let first = try await agent.send(.get, "/api/v2/workflows/\(id)/instances?page[size]=2&page[number]=0")
            #expect(first.json["meta"]?["page"]?["totalCount"] == 5)
            #expect(first.json["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [ids[4], ids[3]])
            let last = try await agent.send(
                .get, "/api/v2/workflows/\(id)/instances?page%5Bsize%5D=2&page%5Bnumber%5D=2")
            #expect(last.json["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [ids[0]])
        }
    }

    @Test("the same Idempotency-Key returns the first run instead of starting another")
    func idempotency() async throws {
        try await AgentHarness.run { agent in
            let id = try await agent.createWorkflow()
            let headers: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "abc"]
            let first = try await agent.send(.post, "/api/v2/workflows/\(id)/instances", json: "{}", headers: headers)
            let second = try await agent.send(.post, "/api/v2/workflows/\(id)/instances", json: "{}", headers: headers)
            #expect(first.json["data"]?["id"] == second.json["data"]?["id"])
            await agent.runtime.dispatcher.idle()
            let list = try await agent.send(.get, "/api/v2/workflows/\(id)/instances")
            #expect(list.json["meta"]?["page"]?["totalCount"] == 1)
        }
    }

    @Test("cancel stops a running instance; cancelling it again is 409")
    func cancelRunning() async throws {
        try await AgentHarness.run { agent in
            let id = try await agent.createWorkflow(Samples.sleeping(seconds: 600))
            let run = try await agent.send(.post, "/api/v2/workflows/\(id)/instances", json: "{}")
            let instance = try #require(run.json["data"]?["id"]?.stringValue)
            let cancel = try await agent.send(.put, "/api/v2/workflows/\(id)/instances/\(instance)/cancel")
            #expect(cancel.status == 200)
            #expect(cancel.json["data"]?["id"]?.stringValue == instance)
            await agent.runtime.dispatcher.idle()
            let state = try await agent.send(.get, "/api/v2/workflows/\(id)/instances/\(instance)")
            #expect(state.json["data"]?["attributes"]?["status"] == "Cancelled")
            let again = try await agent.send(.put, "/api/v2/workflows/\(id)/instances/\(instance)/cancel")
            #expect(again.status == 409)
        }
    }

    @Test("with a per-workflow limit of one, queued runs wait and a queued one can be cancelled")
    func cancelQueued() async throws {
        try await AgentHarness.run(workflowConcurrency: 1) { agent in
            let id = try await agent.createWorkflow(Samples.sleeping(seconds: 600))
            let first = try await agent.send(.post, "/api/v2/workflows/\(id)/instances", json: "{}")
            let second = try await agent.send(.post, "/api/v2/workflows/\(id)/instances", json: "{}")
            let ids = try [first, second].map { try #require($0.json["data"]?["id"]?.stringValue) }
            #expect(try await agent.send(.put, "/api/v2/workflows/\(id)/instances/\(ids[1])/cancel").status == 200)
            let queued = try await agent.send(.get, "/api/v2/workflows/\(id)/instances/\(ids[1])")
            #expect(queued.json["data"]?["attributes"]?["status"] == "Cancelled")
            #expect(try await agent.send(.put, "/api/v2/workflows/\(id)/instances/\(ids[0])/cancel").status == 200)
        }
    }

    @Test("GET /healthz needs no key; GET /api/v2/actions lists the built-ins")
    func system() async throws {
        try await AgentHarness.run { agent in
            let health = try await agent.send(.get, "/healthz", token: "")
            #expect(health.status == 200)
            #expect(health.json["status"] == "ok")
            let actions = try await agent.send(.get, "/api/v2/actions")
            let ids = actions.json["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
            #expect(ids.contains("com.datadoghq.core.noop"))
            #expect(ids.contains("sundial.shell"))
        }
    }
}
