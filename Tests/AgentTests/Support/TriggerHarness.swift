import Actions
import Agent
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import RRule
import Store
import SundialTesting
import Workflow

/// An agent whose clock is a `ManualClock`: its store (shared across restarts when given), the router, recovery
/// and the trigger core started, and the schedule driver running. No workers run: queued executions stay in the
/// dispatcher until a test ends them with `finishNext()`, so the overlap behaviors see them as running.
struct TriggerHarness: Sendable {
    let runtime: AgentRuntime
    let clock: ManualClock
    let client: any TestClientProtocol

    var core: TriggerCore { runtime.triggers }
    var store: any Store { runtime.store }
    var dispatcher: ExecutionDispatcher { runtime.dispatcher }

    /// Runs `body` against an agent started at `clock`'s time over `store` (a restart when the store was used by
    /// an earlier harness); the driver stops after it.
    static func run(
        store: SQLiteStore, clock: ManualClock, _ body: @Sendable (TriggerHarness) async throws -> Void
    ) async throws {
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        if try await store.apiKeys().isEmpty {
            _ = try await store.createAPIKey(
                id: "admin", name: "admin", token: AgentHarness.adminToken, scopes: Scope.all,
                at: Date())
        }
        let runtime = AgentRuntime(
            store: store, registry: ActionRegistry.builtIns(), dispatcher: ExecutionDispatcher(), logger: logger,
            clock: clock)
        _ = try await Recovery(runtime: runtime).run()
        try await runtime.triggers.start()
        let application = Application(router: AgentRouter.make(runtime: runtime), logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await runtime.triggers.run() }
            defer { runtime.triggers.stop() }
            try await application.test(.router) { client in
                let harness = TriggerHarness(runtime: runtime, clock: clock, client: client)
                await harness.core.waitUntilIdle()
                try await body(harness)
            }
            runtime.triggers.stop()
            try await group.waitForAll()
        }
    }

    /// A fresh in-memory store, for one harness or several in a row (restarts).
    static func withStore(_ body: (SQLiteStore) async throws -> Void) async throws {
        try await SQLiteStore.withStore(.inMemory, body)
    }

    /// Moves the clock to `target` one timer deadline at a time, letting the driver handle each on time.
    func advance(to target: Int64) async {
        while true {
            await core.waitUntilIdle()
            guard let deadline = core.driverDeadline, deadline <= target else { break }
            clock.advance(to: deadline)
        }
        clock.advance(to: target)
        await core.waitUntilIdle()
    }

    /// Ends the next queued execution as a worker would (it leaves the dispatcher) and returns its id.
    @discardableResult
    func finishNext() async -> String? {
        guard dispatcher.depth > 0, let job = await dispatcher.next() else { return nil }
        dispatcher.finished(job)
        return job.executionID
    }

    /// Every fire of a workflow, oldest first.
    func fires(_ workflowID: String) async throws -> [TriggerFire] {
        try await store.fires(workflowID: workflowID, offset: 0, limit: 10_000).fires.map(\.fire).reversed()
    }

    /// The occurrences of the fires that started a run, as milliseconds.
    func startedTimes(_ workflowID: String) async throws -> [Int64] {
        try await fires(workflowID).compactMap { fire in
            guard case .started = fire.outcome, let scheduled = fire.scheduledAt else { return nil }
            return Int64((scheduled.timeIntervalSince1970 * 1000).rounded())
        }
    }

    /// The skip reasons of a workflow's fires, oldest first (`started` for a fire that started a run).
    func outcomes(_ workflowID: String) async throws -> [String] {
        try await fires(workflowID).map { fire in
            switch fire.outcome {
            case .started: "started"
            case .skipped(let reason): reason
            }
        }
    }

    /// Sends a request with the admin key.
    @discardableResult
    func send(
        _ method: HTTPRequest.Method, _ uri: String, json: String? = nil, headers extra: HTTPFields = [:]
    ) async throws -> Reply {
        var headers = extra
        headers[HTTPField.Name("DD-API-KEY")!] = AgentHarness.adminToken
        headers[HTTPField.Name("DD-APPLICATION-KEY")!] = AgentHarness.adminToken
        if json != nil { headers[.contentType] = "application/json" }
        let response = try await client.execute(
            uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
        return Reply(status: response.status.code, headers: response.headers, text: String(buffer: response.body))
    }

    /// Creates a workflow and returns its id.
    func create(_ body: String) async throws -> String {
        let reply = try await send(.post, "/api/v2/workflows", json: body)
        guard reply.status == 201, let id = reply.json["data"]?["id"]?.stringValue else {
            throw HarnessError("create failed: \(reply.status) \(reply.text)")
        }
        return id
    }

    /// A one-step workflow with a schedule trigger; `settings` are more members of `scheduleTrigger`
    /// (`, "catchUp": "all"`), `triggers` more entries of `spec.triggers`.
    static func scheduled(
        _ rule: String, published: Bool = true, settings: String = "", triggers: String = ""
    ) -> String {
        #"""
        {"data": {"type": "workflows", "attributes": {"name": "Scheduled", "published": \#(published),
          "spec": {"steps": [{"name": "Only", "actionId": "com.datadoghq.core.noop"}],
            "triggers": [{"scheduleTrigger": {"rruleExpression": "\#(rule)"\#(settings)}}\#(triggers)]}}}}
        """#
    }

    /// Milliseconds since the epoch of a UTC time.
    static func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0)
        -> Int64
    {
        CivilDateTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
            .secondsSinceLocalEpoch * 1000
    }
}
