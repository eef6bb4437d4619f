import Agent
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import Workflow

/// Request bodies that are not JSON, repeat a member, come as another media type, or do not decode.
@Suite("Request bodies: syntax errors, repeated members, media types and decoding messages")
struct RequestBodyTests {
    /// Swift's own words, which no response may show.
    static let swiftWords = ["DecodingError", "codingPath", "Swift.", "CodingKeys", "Context("]

    static func expectNoSwiftWords(_ reply: Reply, sourceLocation: SourceLocation = #_sourceLocation) {
        for word in swiftWords {
            #expect(!reply.text.contains(word), "\(reply.text)", sourceLocation: sourceLocation)
        }
    }

    @Test("a body that is not JSON is 400 with the line and column of the first error")
    func syntax() async throws {
        try await AgentHarness.run { agent in
            let workflow = try await agent.send(
                .post, "/api/v2/workflows", json: "{\"data\": {\n  \"type\": \"workflows\",\n  \"attributes\": x}}")
            #expect(workflow.status == 400)
            #expect(workflow.errors.first?.contains("line 3, column 17") == true, "\(workflow.text)")
            #expect(workflow.errors.first?.contains("not valid JSON") == true)
            let id = try await agent.createWorkflow()
            let run = try await agent.send(.post, "/api/v2/workflows/\(id)/instances", json: "{\"meta\": }")
            #expect(run.status == 400)
            #expect(run.errors.first?.hasPrefix("the request body is not valid JSON") == true, "\(run.text)")
            #expect(run.errors.first?.contains("line 1, column 10") == true)
            Self.expectNoSwiftWords(run)
        }
    }

    @Test("a repeated member name is 400 naming its JSON pointer")
    func duplicateMember() async throws {
        try await AgentHarness.run { agent in
            let id = try await agent.createWorkflow()
            let run = try await agent.send(
                .post, "/api/v2/workflows/\(id)/instances",
                json: #"{"meta": {"payload": {"host": "a", "host": "b"}}}"#)
            #expect(run.status == 400)
            #expect(run.errors.first?.hasPrefix("/meta/payload/host: ") == true, "\(run.text)")
            #expect(run.errors.first?.contains("appears twice") == true)
            let workflow = try await agent.send(
                .post, "/api/v2/workflows",
                json: #"{"data": {"type": "workflows", "type": "workflows", "attributes": {}}}"#)
            #expect(workflow.status == 400)
            #expect(workflow.json["errors"]?[0]?["source"]?["pointer"] == "/data/type")
        }
    }

    @Test(
        "a body sent as another media type is 415 saying what is accepted; JSON types and none are read",
        arguments: [
            ("text/plain", 415), ("application/x-www-form-urlencoded", 415), ("application/xml", 415),
            ("application/json", 201), ("application/json; charset=utf-8", 201), ("Application/JSON", 201),
            ("application/vnd.api+json", 201),
        ] as [(String, Int)])
    func mediaType(contentType: String, status: Int) async throws {
        try await AgentHarness.run { agent in
            let reply = try await agent.send(
                .post, "/api/v2/workflows", json: Samples.noopWorkflow, headers: [.contentType: contentType])
            #expect(reply.status == status, "\(reply.text)")
            if status == 415 {
                #expect(reply.errors.first?.contains("'\(contentType)'") == true)
                #expect(reply.errors.first?.contains("'application/json'") == true)
                #expect(reply.json["errors"]?[0]?["source"]?["header"] == "Content-Type")
            }
        }
    }

    @Test("a body without Content-Type is read as JSON")
    func noMediaType() async throws {
        try await AgentHarness.run { agent in
            let id = try await agent.createWorkflow()
            var headers = HTTPFields()
            headers[HTTPField.Name("DD-API-KEY")!] = AgentHarness.adminToken
            headers[HTTPField.Name("DD-APPLICATION-KEY")!] = AgentHarness.adminToken
            let response = try await agent.client.execute(
                uri: "/api/v2/workflows/\(id)/instances", method: .post, headers: headers,
                body: .init(string: #"{"meta": {"payload": {}}}"#))
            #expect(response.status == .ok)
        }
    }

    @Test("a member of the wrong type names its pointer, what was found and what is accepted")
    func decodingMessages() async throws {
        try await AgentHarness.run { agent in
            let id = try await agent.createWorkflow()
            let level = try await agent.send(
                .post, "/api/v2/workflows/\(id)/instances", json: #"{"meta": {"logLevel": 5}}"#)
            #expect(level.status == 400)
            #expect(
                level.errors.first?.hasPrefix("/meta/logLevel: expected one of debug, info") == true, "\(level.text)")
            #expect(level.errors.first?.contains("found the integer 5") == true)
            Self.expectNoSwiftWords(level)
            let priority = try await agent.send(
                .post, "/api/v2/workflows/\(id)/instances", json: #"{"meta": {"priority": "high"}}"#)
            #expect(priority.status == 400)
            #expect(priority.errors.first == "/meta/priority: expected an integer, found the string \"high\"")
            Self.expectNoSwiftWords(priority)
            let action = try await agent.send(
                .post, "/api/v2/workflows",
                json: Samples.workflow(name: "Typed", steps: #"[{"name": "A", "actionId": 3}]"#))
            #expect(action.status == 400)
            #expect(
                action.errors.first == "/data/attributes/spec/steps/0/actionId: expected a string, found the integer 3",
                "\(action.text)")
            Self.expectNoSwiftWords(action)
        }
    }
}
