import Agent
import Foundation
import HTTPTypes
import Logging
import ServiceLifecycle
import Store
import SundialTesting
import Testing
import Workflow

/// The callback routes, and a run's callback from the API to the receiver, through the agent's router and workers.
@Suite("Callback routes")
struct CallbackRoutesTests {
    typealias Fixtures = CallbackFixtures

    /// A clock an hour ahead of the engine's, so callbacks of runs finished now are due on it, and frozen, so only a
    /// wake (never a timer) makes the service look at the outbox.
    static func aheadClock() -> ManualClock {
        ManualClock(nowMillis: Fixtures.millis(Date()) + 3_600_000)
    }

    /// A noop workflow whose `spec.callback` is `callback`.
    static func workflow(callback: String) -> String {
        #"""
        {"data": {"type": "workflows", "attributes": {"name": "Called back", "published": true,
          "spec": {"callback": "\#(callback)", "steps": [{"name": "Only", "actionId": "com.datadoghq.core.noop"}],
            "triggers": [{"apiTrigger": {}}]}}}}
        """#
    }

    /// Runs `workflowID` to its end with `json` and returns the instance id.
    func run(_ agent: AgentHarness, _ workflowID: String, json: String) async throws -> String {
        let instance = try await agent.runToEnd(workflowID, json: json)
        return try #require(instance["data"]?["id"]?.stringValue)
    }

    @Test("a run's callback is meta.callback, else the workflow's spec.callback")
    func callbackDefaultsToTheWorkflows() async throws {
        try await AgentHarness.run { agent in
            let id = try await agent.createWorkflow(Self.workflow(callback: "https://hooks.example/default"))
            let plain = try await agent.runToEnd(id, json: "{}")
            #expect(plain["data"]?["attributes"]?["callback"] == "https://hooks.example/default")
            let named = try await agent.runToEnd(id, json: #"{"meta": {"callback": "https://hooks.example/mine"}}"#)
            #expect(named["data"]?["attributes"]?["callback"] == "https://hooks.example/mine")
            let other = try await agent.createWorkflow()
            let none = try await agent.runToEnd(other, json: "{}")
            #expect(none["data"]?["attributes"]?["callback"] == nil)
        }
    }

    @Test("the list shows the callback with every attempt")
    func listShowsAttempts() async throws {
        let responses = ScriptedResponses([.text("busy", status: 503), .text("ok")])
        try await LoopbackHTTPServer.with(handler: { responses.next($0) }) { server in
            try await AgentHarness.run { agent in
                let workflowID = try await agent.createWorkflow(Self.workflow(callback: server.url("/hook")))
                let id = try await run(agent, workflowID, json: "{}")
                let path = "/api/v2/workflows/\(workflowID)/instances/\(id)/callbacks"
                let queued = try await agent.send(.get, path, token: AgentHarness.readToken)
                #expect(queued.status == 200)
                let item = queued.json["data"]?[0]
                #expect(item?["type"] == "workflow_instance_callbacks")
                #expect(item?["attributes"]?["state"] == "pending")
                #expect(item?["attributes"]?["url"] == .string(server.url("/hook")))
                #expect(item?["attributes"]?["webhookId"] == .string("msg_\(id)"))
                #expect(item?["attributes"]?["attempts"] == [])
                #expect(queued.json["meta"]?["page"]?["totalCount"] == 1)

                let clock = Self.aheadClock()
                let dispatcher = try Fixtures.dispatcher(agent.runtime.store, clock: clock)
                #expect(try await dispatcher.deliverDue() == 1)
                clock.advance(by: 60_000)
                #expect(try await dispatcher.deliverDue() == 1)
                let listed = try await agent.send(.get, path)
                let attributes = listed.json["data"]?[0]?["attributes"]
                #expect(attributes?["state"] == "delivered")
                #expect(attributes?["attemptCount"] == 2)
                #expect(attributes?["deliveredAt"]?.stringValue != nil)
                let attempts = attributes?["attempts"]?.arrayValue ?? []
                #expect(attempts.map { $0["statusCode"] } == [503, 200])
                #expect(attempts.map { $0["number"] } == [1, 2])
                #expect(attempts.first?["error"] == "answered 503 Service Unavailable: busy")
                #expect(attempts.allSatisfy { $0["at"]?.stringValue != nil && $0["durationMs"]?.intValue != nil })

                let missing = try await agent.send(.get, "/api/v2/workflows/\(workflowID)/instances/nope/callbacks")
                #expect(missing.status == 404)
                let unauthenticated = try await agent.send(.get, path, token: "")
                #expect(unauthenticated.status == 401)
            }
        }
    }

    @Test("redeliver makes an abandoned callback due now; 404 and 409 say why not")
    func redeliver() async throws {
        let responses = ScriptedResponses([.text("unknown hook", status: 404), .text("ok")])
        try await LoopbackHTTPServer.with(handler: { responses.next($0) }) { server in
            try await AgentHarness.run { agent in
                let workflowID = try await agent.createWorkflow(Self.workflow(callback: server.url("/hook")))
                let id = try await run(agent, workflowID, json: "{}")
                let path = "/api/v2/workflows/\(workflowID)/instances/\(id)/callbacks/redeliver"
                let clock = Self.aheadClock()
                let dispatcher = try Fixtures.dispatcher(agent.runtime.store, clock: clock)
                _ = try await dispatcher.deliverDue()
                #expect(
                    try await agent.send(.get, String(path.dropLast("/redeliver".count))).json["data"]?[0]?[
                        "attributes"]?["state"] == "abandoned")

                #expect(try await agent.send(.post, path, token: AgentHarness.readToken).status == 403)
                let accepted = try await agent.send(.post, path, token: AgentHarness.runToken)
                #expect(accepted.status == 202)
                #expect(accepted.json["data"]?[0]?["attributes"]?["state"] == "pending")
                #expect(accepted.json["data"]?[0]?["attributes"]?["nextAttemptAt"]?.stringValue != nil)
                // Due at the agent's now, so at once on the dispatcher's clock too.
                #expect(try await dispatcher.deliverDue() == 1)
                let delivered = try await agent.send(.get, String(path.dropLast("/redeliver".count)))
                #expect(delivered.json["data"]?[0]?["attributes"]?["state"] == "delivered")

                let again = try await agent.send(.post, path)
                #expect(again.status == 409)
                #expect(again.errors.first?.contains("was delivered at") == true, "\(again.errors)")
                #expect(again.errors.first?.contains("nothing to redeliver") == true)

                let unknown = try await agent.send(
                    .post, "/api/v2/workflows/\(workflowID)/instances/nope/callbacks/redeliver")
                #expect(unknown.status == 404)
                let plainWorkflow = try await agent.createWorkflow()
                let plain = try await run(agent, plainWorkflow, json: "{}")
                let none = try await agent.send(
                    .post, "/api/v2/workflows/\(plainWorkflow)/instances/\(plain)/callbacks/redeliver")
                #expect(none.status == 404)
                #expect(none.errors.first?.contains("has no callback") == true, "\(none.errors)")

                let pending = Execution(
                    id: "pending-one", workflowID: workflowID, workflowName: "Called back",
                    callback: server.url("/hook"), createdAt: Date())
                _ = try await agent.runtime.store.createExecution(pending, idempotencyKey: nil, actor: "test")
                let early = try await agent.send(
                    .post, "/api/v2/workflows/\(workflowID)/instances/pending-one/callbacks/redeliver")
                #expect(early.status == 409)
                #expect(early.errors.first?.contains("has not ended (status Pending)") == true, "\(early.errors)")
            }
        }
    }

    @Test("end to end: a run with a callback arrives at the receiver at once, signed, with the final state")
    func endToEnd() async throws {
        try await LoopbackHTTPServer.with { server in
            try await AgentHarness.run { agent in
                let workflowID = try await agent.createWorkflow()
                let clock = Self.aheadClock()
                let dispatcher = try Fixtures.dispatcher(
                    agent.runtime.store, clock: clock, wakeup: agent.runtime.callbackWakeup)
                let group = ServiceGroup(
                    configuration: ServiceGroupConfiguration(services: [dispatcher], logger: Logger(label: "test")))
                try await withThrowingTaskGroup(of: Void.self) { tasks in
                    tasks.addTask { try await group.run() }
                    await clock.waitForSleepers(1)
                    let reply = try await agent.send(
                        .post, "/api/v2/workflows/\(workflowID)/instances",
                        json: #"{"meta": {"callback": "\#(server.url("/done"))", "payload": {}}}"#)
                    let id = try #require(reply.json["data"]?["id"]?.stringValue)
                    let request = try #require(await server.waitForRequests(1).first)
                    await group.triggerGracefulShutdown()
                    try await tasks.waitForAll()

                    #expect(request.method == "POST" && request.path == "/done")
                    #expect(request.header("webhook-id") == "msg_\(id)")
                    let timestamp = try #require(request.header("webhook-timestamp").flatMap { Int64($0) })
                    #expect(timestamp == clock.nowMillis / 1000)
                    let signature = try WebhookSigner(secret: Fixtures.secret).signature(
                        id: "msg_\(id)", timestamp: timestamp, body: request.body)
                    #expect(request.header("webhook-signature") == signature)
                    let body = try JSONDecoder().decode(JSONValue.self, from: Data(request.body))
                    #expect(body["data"]?["id"] == .string(id))
                    #expect(body["data"]?["type"] == "workflow_instances")
                    #expect(body["data"]?["attributes"]?["status"] == "Successful")
                    #expect(body["data"]?["attributes"]?["workflowId"] == .string(workflowID))
                    #expect(body["data"]?["attributes"]?["steps"]?[0]?["status"] == "Successful")
                    // RFC 3339 times, as the API shows them, not epoch milliseconds.
                    let finished = try #require(body["data"]?["attributes"]?["finishedAt"]?.stringValue)
                    #expect(finished.hasSuffix("Z") && finished.contains("T"))
                    // One parser for a receiver: the callback body is, byte for byte, what the GET answers.
                    let fetched = try await agent.send(.get, "/api/v2/workflows/\(workflowID)/instances/\(id)")
                    #expect(fetched.status == 200)
                    #expect(request.text == fetched.text)

                    let listed = try await agent.send(.get, "/api/v2/workflows/\(workflowID)/instances/\(id)/callbacks")
                    #expect(listed.json["data"]?[0]?["attributes"]?["state"] == "delivered")
                    #expect(listed.json["data"]?[0]?["attributes"]?["attempts"]?[0]?["statusCode"] == 200)
                }
            }
        }
    }
}
