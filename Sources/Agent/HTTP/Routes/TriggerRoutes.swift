import Foundation
import Hummingbird
import Store
import Workflow

/// *Extensions* `GET /api/v2/workflows/{workflow_id}/schedule` (the schedule trigger's next fire times) and
/// `GET /api/v2/workflows/{workflow_id}/fires` (every trigger's recent fires, started or skipped with a reason).
public struct TriggerRoutes: Sendable {
    public var runtime: AgentRuntime

    public init(runtime: AgentRuntime) {
        self.runtime = runtime
    }

    public func register(on router: Router<some RequestContext>) {
        router.get("/api/v2/workflows/:workflow_id/schedule") { request, context in
            try await schedule(request, workflowID: context.parameters.require("workflow_id"))
        }
        router.get("/api/v2/workflows/:workflow_id/fires") { request, context in
            try await fires(request, workflowID: context.parameters.require("workflow_id"))
        }
    }

    /// `?count=N` (1…1000, default 10) next fires, each with its occurrence, its fire time with the jitter, that
    /// time in the rule's zone, and `wouldSkip: "rate_limited"` on the ones the trigger's rate limit would refuse.
    func schedule(_ request: Request, workflowID: String) async throws -> Response {
        _ = try await runtime.authenticator.require(.workflowsRead, for: request, style: .objects)
        let count = try QueryParameters(request).integer("count", in: 1...1000, default: 10, style: .objects)
        let workflow = try await WorkflowRoutes(runtime: runtime).existing(workflowID)
        let listing: ScheduleListing?
        do {
            listing = try runtime.triggers.schedule(of: workflow, count: count)
        } catch {
            throw APIError(
                .unprocessableContent, "the schedule trigger cannot be used: \(error)",
                pointer: "/data/attributes/spec/triggers")
        }
        guard let listing else {
            throw APIError(
                .notFound,
                "workflow '\(workflowID)' has no scheduleTrigger; add one to /data/attributes/spec/triggers, e.g. "
                    + "{\"scheduleTrigger\": {\"rruleExpression\": \"FREQ=DAILY;BYHOUR=3\"}}")
        }
        let fires: [JSONValue] = listing.fires.map { fire in
            var item: [String: JSONValue] = [
                "scheduledAt": .string(JSONResponse.timestamp(TriggerCore.date(fire.due))),
                "fireAt": .string(JSONResponse.timestamp(TriggerCore.date(fire.fireAt))),
                "localFireAt": .string(fire.local),
            ]
            item["wouldSkip"] = fire.wouldSkip.map(JSONValue.string)
            return .object(item)
        }
        let body: JSONValue = [
            "data": [
                "id": .string(workflowID), "type": "workflow_schedule",
                "attributes": [
                    "rruleExpression": .string(listing.expression), "timeZone": .string(listing.zone),
                    "jitterMillis": .int(listing.jitterMillis), "armed": .bool(listing.armed),
                    "fires": .array(fires),
                ],
            ]
        ]
        return JSONResponse.make(body)
    }

    /// The workflow's fires, newest first, paged like instance lists (`page[size]` 1…100, `page[number]`).
    func fires(_ request: Request, workflowID: String) async throws -> Response {
        _ = try await runtime.authenticator.require(.workflowsRead, for: request, style: .objects)
        let query = QueryParameters(request)
        let size = try query.integer("page[size]", in: 1...100, default: 10, style: .objects)
        let number = try query.integer("page[number]", in: 0...Int(Int32.max), default: 0, style: .objects)
        _ = try await WorkflowRoutes(runtime: runtime).existing(workflowID)
        let page = try await StoreErrors.mapped(style: .objects) {
            try await runtime.store.fires(workflowID: workflowID, offset: number * size, limit: size)
        }
        let body: JSONValue = [
            "data": .array(page.fires.map(Self.item)),
            "meta": ["page": ["totalCount": .int(Int64(page.total))]],
        ]
        return JSONResponse.make(body)
    }

    /// One fire: its trigger, occurrence (schedule fires), when it fired, and the instance it started or why not.
    static func item(_ stored: StoredFire) -> JSONValue {
        let fire = stored.fire
        var attributes: [String: JSONValue] = [
            "trigger": .string(fire.triggerID), "firedAt": .string(JSONResponse.timestamp(fire.firedAt)),
        ]
        if let scheduledAt = fire.scheduledAt {
            attributes["scheduledAt"] = .string(JSONResponse.timestamp(scheduledAt))
        }
        switch fire.outcome {
        case .started(let executionID): attributes["instanceId"] = .string(executionID)
        case .skipped(let reason): attributes["skipReason"] = .string(reason)
        }
        return ["id": .string(String(stored.id)), "type": "workflow_fires", "attributes": .object(attributes)]
    }
}
