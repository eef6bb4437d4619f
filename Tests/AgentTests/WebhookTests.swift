import Agent
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import Workflow

@Suite("GitHub webhooks")
struct WebhookTests {
    static let vectorSecret = "It's a Secret to Everybody"
    static let vectorSignature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
    static let secret = "whsec-test-4d1f"
    static let push = #"{"ref": "refs/heads/main", "after": "9f3c2b1", "repository": {"full_name": "acme/site"}}"#

    /// A published workflow with a githubWebhookTrigger and, unless `nil`, a webhookSecret.
    static func workflow(secret: String? = WebhookTests.secret, trigger: Bool = true) -> String {
        let secretMember = secret.map { #", "webhookSecret": "\#($0)""# } ?? ""
        let triggers = trigger ? #"[{"githubWebhookTrigger": {}}]"# : #"[{"apiTrigger": {}}]"#
        return #"""
            {"data": {"type": "workflows", "attributes": {"name": "Deploy", "published": true\#(secretMember),
              "spec": {"triggers": \#(triggers), "steps": [{"name": "Only", "actionId": "com.datadoghq.core.noop"}]}}}}
            """#
    }

    static func headers(event: String = "push", delivery: String = "d-1", signature: String?) -> HTTPFields {
        var fields: HTTPFields = [
            HTTPField.Name("X-GitHub-Event")!: event, HTTPField.Name("X-GitHub-Delivery")!: delivery,
        ]
        if let signature { fields[HTTPField.Name("X-Hub-Signature-256")!] = signature }
        return fields
    }

    static func sign(_ body: String, _ secret: String = WebhookTests.secret) -> String {
        GitHubSignature.signature(body: Data(body.utf8), secret: secret)
    }

    @Test("GitHub's documented test vector verifies")
    func vector() {
        let body = Data("Hello, World!".utf8)
        #expect(GitHubSignature.signature(body: body, secret: Self.vectorSecret) == Self.vectorSignature)
        #expect(GitHubSignature.verify(header: Self.vectorSignature, body: body, secret: Self.vectorSecret) == .valid)
        #expect(
            GitHubSignature.verify(header: Self.vectorSignature.uppercased(), body: body, secret: Self.vectorSecret)
                == .valid)
    }

    @Test(
        "a flipped byte, a missing header, a wrong prefix or no secret is refused",
        arguments: [
            (
                "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e18", "Hello, World!",
                GitHubSignature.Verdict.mismatch
            ),
            (vectorSignature, "Hello, World?", .mismatch),
            (nil, "Hello, World!", .missing),
            ("", "Hello, World!", .missing),
            ("sha1=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", "Hello, World!", .malformed),
            ("757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", "Hello, World!", .malformed),
            ("sha256=757107ea0eb2509fc211221cce984b8a", "Hello, World!", .malformed),
            ("sha256=zz7107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", "Hello, World!", .malformed),
        ] as [(String?, String, GitHubSignature.Verdict)])
    func refusedSignatures(header: String?, body: String, verdict: GitHubSignature.Verdict) {
        #expect(GitHubSignature.verify(header: header, body: Data(body.utf8), secret: Self.vectorSecret) == verdict)
        #expect(GitHubSignature.verify(header: header, body: Data(body.utf8), secret: nil) == .noSecret)
    }

    @Test("the vector passes through the route as a ping, which starts nothing")
    func vectorPing() async throws {
        let sink = RecordingEventSink()
        try await AgentHarness.run(eventSink: sink) { agent in
            let id = try await agent.createWorkflow(Self.workflow(secret: Self.vectorSecret))
            let reply = try await agent.send(
                .post, "/api/v2/workflows/\(id)/webhook", json: "Hello, World!", token: "",
                headers: Self.headers(event: "ping", signature: Self.vectorSignature))
            #expect(reply.status == 200)
            #expect(reply.json["data"]?["attributes"]?["outcome"] == "ping")
            #expect(sink.received.isEmpty)
        }
    }

    @Test("a signed push starts the workflow with event, delivery and payload; its replay starts nothing")
    func pushAndReplay() async throws {
        let sink = RecordingEventSink()
        try await AgentHarness.run(eventSink: sink) { agent in
            let id = try await agent.createWorkflow(Self.workflow())
            let uri = "/api/v2/workflows/\(id)/webhook"
            let headers = Self.headers(
                delivery: "72d3162e-cc78-11e3-81ab-4c9367dc0958", signature: Self.sign(Self.push))
            let first = try await agent.send(.post, uri, json: Self.push, token: "", headers: headers)
            #expect(first.status == 202)
            #expect(first.json["data"]?["attributes"]?["outcome"] == "started")
            #expect(first.json["data"]?["attributes"]?["executionId"] == "exec-1")
            let event = try #require(sink.received.first)
            #expect(event.workflowID == id)
            #expect(event.kind == .githubWebhook)
            #expect(event.actor == "github")
            #expect(event.triggerData["event"] == "push")
            #expect(event.triggerData["delivery"] == "72d3162e-cc78-11e3-81ab-4c9367dc0958")
            #expect(event.triggerData["payload"]?["repository"]?["full_name"] == "acme/site")
            let replay = try await agent.send(.post, uri, json: Self.push, token: "", headers: headers)
            #expect(replay.status == 200)
            #expect(replay.json["data"]?["attributes"]?["outcome"] == "duplicate")
            #expect(sink.received.count == 1)
        }
    }

    @Test("bad signatures and a workflow without a secret are 401, and no answer shows the secret")
    func unauthorized() async throws {
        let sink = RecordingEventSink()
        try await AgentHarness.run(eventSink: sink) { agent in
            let id = try await agent.createWorkflow(Self.workflow())
            let unsigned = try await agent.createWorkflow(Self.workflow(secret: nil))
            let good = Self.sign(Self.push)
            var flipped = Array(good)
            flipped[flipped.count - 1] = flipped.last == "0" ? "1" : "0"
            let cases: [(String, String?)] = [
                (id, String(flipped)), (id, nil), (id, "sha1=" + good.dropFirst(7)), (id, String(good.dropFirst(7))),
                (unsigned, good),
            ]
            for (workflowID, signature) in cases {
                let reply = try await agent.send(
                    .post, "/api/v2/workflows/\(workflowID)/webhook", json: Self.push, token: "",
                    headers: Self.headers(signature: signature))
                #expect(reply.status == 401, "\(signature ?? "no header")")
                #expect(reply.json["errors"]?[0]?["source"]?["header"] == "X-Hub-Signature-256")
                #expect(!reply.text.contains(Self.secret))
                #expect(!reply.text.contains(good.dropFirst(7)))
            }
            #expect(sink.received.isEmpty)
            #expect(!agent.log.all.contains { $0.contains(Self.secret) })
        }
    }

    @Test("a form-encoded delivery is read from its payload field; missing headers and triggers are refused")
    func formAndRefusals() async throws {
        let sink = RecordingEventSink()
        try await AgentHarness.run(eventSink: sink) { agent in
            let id = try await agent.createWorkflow(Self.workflow())
            let form = "payload=" + (Self.push.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
            var headers = Self.headers(delivery: "form-1", signature: Self.sign(form))
            headers[.contentType] = "application/x-www-form-urlencoded"
            let reply = try await agent.client.execute(
                uri: "/api/v2/workflows/\(id)/webhook", method: .post, headers: headers,
                body: .init(string: form))
            #expect(reply.status == .accepted)
            #expect(sink.received.first?.triggerData["payload"]?["ref"] == "refs/heads/main")

            var noEvent = Self.headers(signature: Self.sign(Self.push))
            noEvent[HTTPField.Name("X-GitHub-Event")!] = nil
            let missing = try await agent.send(
                .post, "/api/v2/workflows/\(id)/webhook", json: Self.push, token: "", headers: noEvent)
            #expect(missing.status == 400)
            #expect(missing.json["errors"]?[0]?["source"]?["header"] == "X-GitHub-Event")

            let apiOnly = try await agent.createWorkflow(Self.workflow(trigger: false))
            let conflict = try await agent.send(
                .post, "/api/v2/workflows/\(apiOnly)/webhook", json: Self.push, token: "",
                headers: Self.headers(delivery: "d-9", signature: Self.sign(Self.push)))
            #expect(conflict.status == 409)
            let unknown = try await agent.send(
                .post, "/api/v2/workflows/nope/webhook", json: Self.push, token: "",
                headers: Self.headers(signature: Self.sign(Self.push)))
            #expect(unknown.status == 404)
            #expect(sink.received.count == 1)
        }
    }
}
