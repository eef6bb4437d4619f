import Actions
import Agent
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Store
import Synchronization
import Workflow

/// An agent on an in-memory store, its router under test, its workers running, and keys for each scope.
struct AgentHarness: Sendable {
    static let adminToken = "test-admin-token"
    static let readToken = "test-read-token"
    static let runToken = "test-run-token"

    let runtime: AgentRuntime
    let client: any TestClientProtocol
    let log: LogCapture

    /// Runs `body` against a fresh agent; the workers run throughout and stop after it. With `eventSink` the alert
    /// and webhook routes are served and hand their events to it.
    static func run(
        limits: AgentLimits = AgentLimits(), workflowConcurrency: Int? = nil,
        eventSink: (any TriggerEventSink)? = nil, registry: ActionRegistry = .builtIns(),
        configure: (inout AgentRuntime) -> Void = { _ in },
        _ body: @Sendable (AgentHarness) async throws -> Void
    ) async throws {
        let log = LogCapture()
        var logger = Logger(label: "test") { _ in log.handler() }
        logger.logLevel = .trace
        let options = SQLiteStore.Options(secretsKey: Data(repeating: 0x5a, count: 32))
        try await SQLiteStore.withStore(.inMemory, options: options) { store in
            for (token, scopes) in [
                (adminToken, Scope.all.sorted()), (readToken, [Scope.workflowsRead.rawValue]),
                (runToken, [Scope.workflowsRead.rawValue, Scope.workflowsRun.rawValue]),
            ] {
                _ = try await store.createAPIKey(
                    id: UUID().uuidString, name: token, token: token, scopes: Set(scopes), at: Date())
            }
            var configured = AgentRuntime(
                store: store, registry: registry,
                dispatcher: ExecutionDispatcher(workflowConcurrency: workflowConcurrency), limits: limits,
                logger: logger)
            configure(&configured)
            let runtime = configured
            let application = Application(
                router: AgentRouter.make(runtime: runtime, eventSink: eventSink), logger: logger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await WorkerPool(runtime: runtime, workers: 4).run() }
                defer {
                    runtime.dispatcher.stop()
                }
                try await application.test(.router) { client in
                    try await body(AgentHarness(runtime: runtime, client: client, log: log))
                }
                await runtime.dispatcher.idle()
                runtime.dispatcher.stop()
                try await group.waitForAll()
            }
        }
    }

    /// Sends a request with the admin key (or `token`, or none when `token` is `""`).
    @discardableResult
    func send(
        _ method: HTTPRequest.Method, _ uri: String, json: String? = nil, token: String = AgentHarness.adminToken,
        headers extra: HTTPFields = [:]
    ) async throws -> Reply {
        var headers = extra
        if !token.isEmpty {
            headers[HTTPField.Name("DD-API-KEY")!] = token
            headers[HTTPField.Name("DD-APPLICATION-KEY")!] = token
        }
        if json != nil, headers[.contentType] == nil { headers[.contentType] = "application/json" }
        let response = try await client.execute(
            uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
        let reply = Reply(status: response.status.code, headers: response.headers, text: String(buffer: response.body))
        log.record(body: reply.text)
        return reply
    }

    /// Creates `body` as a workflow and returns its id.
    func createWorkflow(_ body: String = Samples.noopWorkflow) async throws -> String {
        let reply = try await send(.post, "/api/v2/workflows", json: body)
        guard reply.status == 201, let id = reply.json["data"]?["id"]?.stringValue else {
            throw HarnessError("create failed: \(reply.status) \(reply.text)")
        }
        return id
    }

    /// Starts an execution and waits until every queued execution has finished.
    func runToEnd(_ workflowID: String, json: String = "{}") async throws -> JSONValue {
        let reply = try await send(.post, "/api/v2/workflows/\(workflowID)/instances", json: json)
        guard reply.status == 200, let id = reply.json["data"]?["id"]?.stringValue else {
            throw HarnessError("run failed: \(reply.status) \(reply.text)")
        }
        await runtime.dispatcher.idle()
        return try await send(.get, "/api/v2/workflows/\(workflowID)/instances/\(id)").json
    }
}

/// A response as the tests look at it.
struct Reply: Sendable {
    var status: Int
    var headers: HTTPFields
    var text: String

    var json: JSONValue { (try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))) ?? .null }

    /// The `errors` member's details (objects) or strings.
    var errors: [String] {
        (json["errors"]?.arrayValue ?? []).map { item in
            if let text = item.stringValue { return text }
            let pointer = item["source"]?["pointer"]?.stringValue.map { "\($0): " } ?? ""
            return pointer + (item["detail"]?.stringValue ?? "")
        }
    }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Keeps every log line and response body, so a test can look for a secret in all of them.
final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])

    func record(body: String) { lines.withLock { $0.append(body) } }

    var all: [String] { lines.withLock { $0 } }

    func handler() -> any LogHandler { CapturingHandler(capture: self) }

    struct CapturingHandler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
            capture.record(body: "\(event.level) \(event.message) \(merged)")
        }
    }
}
