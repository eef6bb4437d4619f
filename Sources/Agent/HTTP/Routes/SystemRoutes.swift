import Actions
import Foundation
import Hummingbird
import Workflow

/// `GET /healthz` (no key needed) and `GET /api/v2/actions` (the action registry).
public struct SystemRoutes: Sendable {
    public var runtime: AgentRuntime

    public init(runtime: AgentRuntime) {
        self.runtime = runtime
    }

    public func register(on router: Router<some RequestContext>) {
        router.get("/healthz") { _, _ in
            JSONResponse.make(
                [
                    "status": "ok", "queueDepth": .int(Int64(runtime.dispatcher.depth)),
                    "running": .int(Int64(runtime.dispatcher.runningCount)),
                ] as JSONValue)
        }
        router.get("/api/v2/actions") { request, _ in
            _ = try await runtime.authenticator.require(.workflowsRead, for: request, style: .objects)
            let data: [JSONValue] = try runtime.registry.descriptors.map { descriptor in
                ["id": .string(descriptor.id), "type": "actions", "attributes": try JSONValue(encoding: descriptor)]
            }
            return JSONResponse.make(["data": .array(data)] as JSONValue)
        }
    }
}
