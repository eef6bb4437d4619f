import Agent
import Foundation
import HTTPTypes
import Store
import Testing
import Workflow

@Suite("Secret routes")
struct SecretRoutesTests {
    static func body(_ value: String) -> String {
        #"{"data": {"type": "secrets", "attributes": {"value": "\#(value)"}}}"#
    }

    @Test("values are write-only: set, replace, list and read give names and times, delete removes")
    func writeOnly() async throws {
        let value = "tok-\(UUID().uuidString)"
        try await AgentHarness.run { agent in
            let created = try await agent.send(.put, "/api/v2/secrets/token", json: Self.body(value))
            #expect(created.status == 201)
            #expect(created.json["data"]?["id"] == "token")
            #expect(created.json["data"]?["attributes"]?["createdAt"]?.stringValue != nil)
            let replaced = try await agent.send(.put, "/api/v2/secrets/token", json: Self.body(value + "-2"))
            #expect(replaced.status == 200)
            let list = try await agent.send(.get, "/api/v2/secrets", token: AgentHarness.readToken)
            #expect(list.status == 200)
            #expect(list.json["data"]?[0]?["attributes"]?["name"] == "token")
            #expect(list.json["meta"]?["page"]?["totalCount"] == 1)
            let one = try await agent.send(.get, "/api/v2/secrets/token", token: AgentHarness.readToken)
            #expect(one.status == 200)
            #expect(one.json["data"]?["attributes"]?.objectValue?.keys.sorted() == ["createdAt", "name", "updatedAt"])
            for reply in [created, replaced, list, one] { #expect(!reply.text.contains(value)) }
            #expect(try await agent.send(.delete, "/api/v2/secrets/token").status == 204)
            let gone = try await agent.send(.get, "/api/v2/secrets/token")
            #expect(gone.status == 404)
            #expect(gone.errors.first?.contains("no secret 'token'") == true)
            #expect(try await agent.send(.delete, "/api/v2/secrets/token").status == 404)
            #expect(!agent.log.all.contains { $0.contains(value) })
        }
    }

    @Test("reading names needs workflows_read, writing needs workflows_write")
    func scopes() async throws {
        try await AgentHarness.run { agent in
            #expect(try await agent.send(.get, "/api/v2/secrets", token: "").status == 401)
            #expect(try await agent.send(.get, "/api/v2/secrets", token: AgentHarness.readToken).status == 200)
            let put = try await agent.send(
                .put, "/api/v2/secrets/a", json: Self.body("x"), token: AgentHarness.readToken)
            #expect(put.status == 403)
            #expect(put.errors.first?.contains("workflows_write") == true)
            _ = try await agent.send(.put, "/api/v2/secrets/a", json: Self.body("x"))
            #expect(try await agent.send(.delete, "/api/v2/secrets/a", token: AgentHarness.runToken).status == 403)
            #expect(try await agent.runtime.store.secretInfo(name: "a") != nil)
        }
    }

    @Test("a bad name or body is a 400 that says what is accepted")
    func badInput() async throws {
        try await AgentHarness.run { agent in
            let name = try await agent.send(.put, "/api/v2/secrets/9lives", json: Self.body("x"))
            #expect(name.status == 400)
            #expect(name.errors.first?.contains("ASCII letters, digits") == true)
            let missing = try await agent.send(.put, "/api/v2/secrets/a", json: #"{"data": {"attributes": {}}}"#)
            #expect(missing.status == 400)
            #expect(missing.errors.first?.hasPrefix("/data/attributes/value: ") == true)
            let number = try await agent.send(
                .put, "/api/v2/secrets/a", json: #"{"data": {"attributes": {"value": 3}}}"#)
            #expect(number.errors == ["/data/attributes/value: value must be a string"])
            let empty = try await agent.send(.put, "/api/v2/secrets/a", json: Self.body(""))
            #expect(empty.status == 400)
            #expect(try await agent.runtime.store.secretInfos().isEmpty)
        }
    }

    @Test("a workflow naming a secret not stored is refused with a pointer; the credentials route lists references")
    func referencesAreChecked() async throws {
        let steps = #"""
            [{"name": "Call", "actionId": "sundial.shell", "parameters": [
              {"name": "command", "value": ["/bin/true"]},
              {"name": "env", "value": {"TOKEN": "{{ Secrets.token }}", "DB": "{{ Secrets.db }}"}}]}]
            """#
        try await AgentHarness.run { agent in
            _ = try await agent.send(.put, "/api/v2/secrets/db", json: Self.body("pw"))
            let refused = try await agent.send(
                .post, "/api/v2/workflows", json: Samples.workflow(name: "W", steps: steps))
            #expect(refused.status == 422)
            #expect(refused.errors.count == 1)
            #expect(
                refused.errors.first?.hasPrefix(
                    "/data/attributes/spec/steps/0/parameters/1/value/TOKEN: no secret 'token'") == true)
            _ = try await agent.send(.put, "/api/v2/secrets/token", json: Self.body("tok"))
            let id = try await agent.createWorkflow(Samples.workflow(name: "W", steps: steps))
            let credentials = try await agent.send(
                .get, "/api/v2/workflows/\(id)/credentials", token: AgentHarness.readToken)
            #expect(credentials.status == 200)
            let names = (credentials.json["data"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
            #expect(names == ["db", "token"])
            #expect(credentials.json["data"]?[1]?["attributes"]?["stored"] == true)
            #expect(
                credentials.json["data"]?[1]?["attributes"]?["references"] == ["/spec/steps/0/parameters/1/value/TOKEN"]
            )
            #expect(!credentials.text.contains("\"tok\"") && !credentials.text.contains("\"pw\""))
            #expect(try await agent.send(.get, "/api/v2/workflows/nope/credentials").status == 404)
            // Deleted after the workflow was saved: the run's step fails with its own code.
            #expect(try await agent.send(.delete, "/api/v2/secrets/token").status == 204)
            #expect(agent.log.all.contains { $0.contains("secret deleted while workflows reference it") })
            let run = try await agent.runToEnd(id)
            #expect(run["data"]?["attributes"]?["status"] == "Failed")
            #expect(run["data"]?["attributes"]?["steps"]?[0]?["error"]?["code"] == "secret.missing")
            let after = try await agent.send(.get, "/api/v2/workflows/\(id)/credentials")
            #expect(after.json["data"]?[1]?["attributes"]?["stored"] == false)
        }
    }

    @Test("a webhookSecret inside githubWebhookTrigger becomes the workflow's and is never shown")
    func webhookSecretInTrigger() async throws {
        let secret = "hook-\(UUID().uuidString)"
        let body = #"""
            {"data": {"type": "workflows", "attributes": {"name": "Hooked", "published": true, "spec": {
              "steps": [{"name": "A", "actionId": "com.datadoghq.core.noop"}],
              "triggers": [{"githubWebhookTrigger": {"webhookSecret": "\#(secret)"}}]}}}}
            """#
        try await AgentHarness.run { agent in
            let created = try await agent.send(.post, "/api/v2/workflows", json: body)
            #expect(created.status == 201)
            let id = try #require(created.json["data"]?["id"]?.stringValue)
            let got = try await agent.send(.get, "/api/v2/workflows/\(id)")
            let stored = try await agent.runtime.store.workflow(id: id)
            #expect(stored?.definition.webhookSecret == secret)
            #expect(stored?.definition.spec.triggers?.first?.settings.extra["webhookSecret"] == nil)
            let conflicting = body.replacingOccurrences(
                of: #""published": true"#, with: #""published": true, "webhookSecret": "other""#)
            let refused = try await agent.send(.post, "/api/v2/workflows", json: conflicting)
            #expect(refused.status == 422)
            #expect(
                refused.errors.first?.hasPrefix("/data/attributes/spec/triggers/0/githubWebhookTrigger/webhookSecret: ")
                    == true)
            for reply in [created, got, refused] { #expect(!reply.text.contains(secret)) }
            #expect(!agent.log.all.contains { $0.contains(secret) })
        }
    }
}
