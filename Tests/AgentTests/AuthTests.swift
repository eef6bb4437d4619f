import Agent
import Foundation
import HTTPTypes
import Store
import Testing
import Workflow

@Suite("Authentication and scopes")
struct AuthTests {
    static let routes: [(HTTPRequest.Method, String, String?)] = [
        (.get, "/api/v2/workflows", nil), (.post, "/api/v2/workflows", Samples.noopWorkflow),
        (.get, "/api/v2/workflows/x", nil), (.patch, "/api/v2/workflows/x", "{}"),
        (.delete, "/api/v2/workflows/x", nil),
        (.post, "/api/v2/workflows/x/instances", "{}"), (.get, "/api/v2/workflows/x/instances", nil),
        (.get, "/api/v2/workflows/x/instances/y", nil), (.put, "/api/v2/workflows/x/instances/y/cancel", nil),
        (.get, "/api/v2/actions", nil),
    ]

    @Test("every API route is 401 without a key and with an unknown one")
    func unauthorized() async throws {
        try await AgentHarness.run { agent in
            for (method, uri, body) in Self.routes {
                let none = try await agent.send(method, uri, json: body, token: "")
                let wrong = try await agent.send(method, uri, json: body, token: "wrong")
                #expect(none.status == 401, "\(method) \(uri)")
                #expect(wrong.status == 401, "\(method) \(uri)")
            }
        }
    }

    @Test("a key without the route's scope is 403")
    func forbidden() async throws {
        try await AgentHarness.run { agent in
            let id = try await agent.createWorkflow()
            let create = try await agent.send(
                .post, "/api/v2/workflows", json: Samples.noopWorkflow, token: AgentHarness.readToken)
            #expect(create.status == 403)
            #expect(create.errors.first?.contains("workflows_write") == true)
            let run = try await agent.send(
                .post, "/api/v2/workflows/\(id)/instances", json: "{}", token: AgentHarness.readToken)
            #expect(run.status == 403)
            let delete = try await agent.send(.delete, "/api/v2/workflows/\(id)", token: AgentHarness.runToken)
            #expect(delete.status == 403)
            #expect(try await agent.send(.get, "/api/v2/workflows/\(id)", token: AgentHarness.readToken).status == 200)
            let ran = try await agent.send(
                .post, "/api/v2/workflows/\(id)/instances", json: "{}", token: AgentHarness.runToken)
            #expect(ran.status == 200)
        }
    }

    @Test("Authorization: Bearer works; two different Datadog headers are refused")
    func headers() async throws {
        try await AgentHarness.run { agent in
            let bearer: HTTPFields = [.authorization: "Bearer \(AgentHarness.adminToken)"]
            let viaBearer = try await agent.send(.get, "/api/v2/workflows", token: "", headers: bearer)
            #expect(viaBearer.status == 200)
            let apiOnly: HTTPFields = [HTTPField.Name("DD-API-KEY")!: AgentHarness.adminToken]
            let viaAPIKey = try await agent.send(.get, "/api/v2/workflows", token: "", headers: apiOnly)
            #expect(viaAPIKey.status == 200)
            let mixed: HTTPFields = [
                HTTPField.Name("DD-API-KEY")!: AgentHarness.adminToken,
                HTTPField.Name("DD-APPLICATION-KEY")!: AgentHarness.readToken,
            ]
            let viaMixed = try await agent.send(.get, "/api/v2/workflows", token: "", headers: mixed)
            #expect(viaMixed.status == 401)
        }
    }
}
