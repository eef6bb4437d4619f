import Actions
import Agent
import Crypto
import Foundation
import HTTPTypes
import Store
import SundialTesting
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

    @Test("a stored secret reaches the HTTP header and the shell env, and no response or log line shows it")
    func storedSecretNeverShown() async throws {
        let value = "tok-\(UUID().uuidString)"
        let literal = "literal-\(UUID().uuidString)"
        let callbackPassword = "cbpass-\(UUID().uuidString)"
        let registry = ActionRegistry.builtIns(
            configuration: ActionsConfiguration(outboundPolicy: try OutboundPolicy(allowing: ["127.0.0.1/32"])))
        try await LoopbackHTTPServer.with(handler: { request in
            // A server that echoes the credential it was sent, as a misbehaving one might.
            .json(#"{"seen": "\#(request.header("authorization") ?? "")"}"#)
        }) { server in
            try await AgentHarness.run(registry: registry) { agent in
                let put = try await agent.send(
                    .put, "/api/v2/secrets/token",
                    json: #"{"data": {"type": "secrets", "attributes": {"value": "\#(value)"}}}"#)
                #expect(put.status == 201)
                let steps = #"""
                    [{"name": "Call", "actionId": "com.datadoghq.http.request", "outboundEdges": [{"nextStepName": "Shell", "branchName": "main"}],
                      "parameters": [{"name": "url", "value": "\#(server.url("/hook"))"},
                        {"name": "headers", "value": {"Authorization": "Bearer {{ Secrets.token }}", "X-Api-Key": "\#(literal)"}}]},
                     {"name": "Shell", "actionId": "sundial.shell", "parameters": [
                        {"name": "command", "value": ["/bin/sh", "-c", "printf '%s\\n' \"$TOKEN\"; printf %s \"$TOKEN\" | sha256sum; echo \"seen $TOKEN\" >&2; exit 0"]},
                        {"name": "env", "value": {"TOKEN": "{{ Secrets.token }}"}}]}]
                    """#
                let id = try await agent.createWorkflow(Samples.workflow(name: "Uses a secret", steps: steps))
                let run = try await agent.runToEnd(
                    id, json: #"{"meta": {"callback": "http://hook:\#(callbackPassword)@127.0.0.1:9/cb"}}"#)
                let attributes = run["data"]?["attributes"]
                #expect(attributes?["status"] == "Successful", "\(run)")
                // The value reached both actions.
                #expect(server.requests.first?.header("authorization") == "Bearer \(value)")
                let digest = SHA256.hash(data: Data(value.utf8)).map { String(format: "%02x", $0) }.joined()
                let shell = attributes?["steps"]?[1]?["output"]?["stdout"]?.stringValue ?? ""
                #expect(shell.contains(digest), "the shell step saw the value in its environment")
                #expect(shell.hasPrefix("[secret]\n"), "what the command printed of it is hidden")
                #expect(
                    attributes?["steps"]?[0]?["attempts"]?[0]?["input"]?["headers"]?["Authorization"]
                        == "Bearer [secret]")
                #expect(attributes?["steps"]?[0]?["attempts"]?[0]?["input"]?["headers"]?["X-Api-Key"] == "[secret]")
                #expect(attributes?["callback"] == "http://hook:[secret]@127.0.0.1:9/cb")
                let iid = try #require(attributes?["id"]?.stringValue)
                let callbacks = try await agent.send(.get, "/api/v2/workflows/\(id)/instances/\(iid)/callbacks")
                #expect(callbacks.json["data"]?[0]?["attributes"]?["url"] == "http://hook:[secret]@127.0.0.1:9/cb")
                try await agent.send(.get, "/api/v2/workflows/\(id)/instances")
                try await agent.send(.get, "/api/v2/instances")
                try await agent.send(.get, "/api/v2/workflows/\(id)/credentials")
                let readerView = try await agent.send(.get, "/api/v2/workflows/\(id)", token: AgentHarness.readToken)
                let readerList = try await agent.send(
                    .get, "/api/v2/workflows?filter[includeSpecs]=true", token: AgentHarness.readToken)
                for reply in [readerView, readerList] {
                    #expect(reply.status == 200)
                    #expect(!reply.text.contains(literal), "a read-only key sees no literal credential")
                    #expect(reply.text.contains("{{ Secrets.token }}"), "references stay as written")
                }
                // A key that may write gets the workflow whole, for GET-then-PATCH.
                let writerView = try await agent.send(.get, "/api/v2/workflows/\(id)")
                #expect(writerView.text.contains(literal))
                let seen = agent.log.all
                #expect(seen.count > 10)
                #expect(!seen.contains { $0.contains(value) }, "no response body or log line holds the value")
                #expect(!seen.contains { $0.contains(callbackPassword) })
                let stored = try await agent.runtime.store.execution(id: iid)
                #expect(stored?.steps.contains { "\($0)".contains(value) || "\($0)".contains(literal) } == false)
            }
        }
    }
}
