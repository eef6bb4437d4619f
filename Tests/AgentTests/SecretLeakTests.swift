import Agent
import Foundation
import HTTPTypes
import Store
import Testing
import Workflow

@Suite("Secrets")
struct SecretLeakTests {
    @Test("a webhookSecret is in no response body and no log line")
    func webhookSecretNeverShown() async throws {
        let secret = "s3cr3t-\(UUID().uuidString)"
        try await AgentHarness.run { agent in
            let body = Samples.workflow(
                name: "Hooked", steps: #"[{"name": "A", "actionId": "com.datadoghq.core.noop"}]"#,
                extra: #", "webhookSecret": "\#(secret)""#)
            let created = try await agent.send(.post, "/api/v2/workflows", json: body)
            #expect(created.status == 201)
            let id = try #require(created.json["data"]?["id"]?.stringValue)
            try await agent.send(.get, "/api/v2/workflows/\(id)")
            try await agent.send(.get, "/api/v2/workflows?filter[includeSpecs]=true")
            try await agent.send(
                .patch, "/api/v2/workflows/\(id)", json: #"{"data": {"attributes": {"name": "Renamed"}}}"#)
            _ = try await agent.runToEnd(id)
            try await agent.send(.get, "/api/v2/workflows/\(id)/instances")
            try await agent.send(
                .post, "/api/v2/workflows", json: body.replacingOccurrences(of: "apiTrigger", with: "nope"))
            let stored = try await agent.runtime.store.workflow(id: id)
            #expect(stored?.definition.webhookSecret == secret, "the secret is kept to verify deliveries")
            let seen = agent.log.all
            #expect(seen.count > 8)
            #expect(!seen.contains { $0.contains(secret) })
        }
    }
}
