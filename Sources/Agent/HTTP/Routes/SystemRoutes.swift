import Actions
import Store
import Foundation
import Hummingbird
import Workflow

/// `GET /healthz` (no key needed) and `GET /api/v2/actions` (the action registry).
///
/// `/healthz` answers 200 `{"status": "ok", …}` while the store writes, and 503 `{"status": "unavailable", …}`
/// with the reason under `store.error` while its commits fail (the disk is full, the file went read-only); `store`
/// also says how many execution events are held in memory to be written again.
public struct SystemRoutes: Sendable {
    public var runtime: AgentRuntime

    public init(runtime: AgentRuntime) {
        self.runtime = runtime
    }

    public func register(on router: Router<some RequestContext>) {
        router.get("/healthz") { _, _ in
            Self.health(runtime)
        }
        router.get("/api/v2/actions") { request, _ in
            _ = try await runtime.authenticator.require(.workflowsRead, for: request, style: .objects)
            let data: [JSONValue] = try runtime.registry.descriptors.map { descriptor in
                ["id": .string(descriptor.id), "type": "actions", "attributes": try JSONValue(encoding: descriptor)]
            }
            return JSONResponse.make(["data": .array(data)] as JSONValue)
        }
    }

    /// The health body: the queue, the running executions, and whether the store writes.
    static func health(_ runtime: AgentRuntime) -> Response {
        let held = runtime.storeRetry.snapshot
        var store: [String: JSONValue] = [
            "writable": true, "heldEvents": .int(Int64(held.heldEvents)),
            "heldExecutions": .int(Int64(held.executions)),
        ]
        let failure = runtime.store.writeFailure
        if let failure {
            store["writable"] = false
            store["error"] = ["code": .string(failure.error.code), "detail": .string(failure.error.message)]
            store["since"] = .string(failure.since.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
            store["failedCommits"] = .int(Int64(failure.failedCommits))
        }
        let body: JSONValue = [
            "status": failure == nil ? "ok" : "unavailable",
            "queueDepth": .int(Int64(runtime.dispatcher.depth)),
            "running": .int(Int64(runtime.dispatcher.runningCount)),
            "store": .object(store),
        ]
        return JSONResponse.make(body, status: failure == nil ? .ok : .serviceUnavailable)
    }
}
