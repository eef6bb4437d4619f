import Foundation
import HTTPTypes
import Hummingbird
import Store
import Workflow

/// *Extension* `GET /api/v2/instances`: executions across workflows, newest first, filtered by
/// `filter[status]` (comma-separated or repeated), `filter[workflowId]`, `filter[startedAfter]`,
/// `filter[startedBefore]`, `filter[finishedAfter]`, `filter[finishedBefore]` (RFC 3339, or relative to now like
/// `now-6h`), paged by `page[size]` (≤ 100) and `page[number]` (from 0), with `meta.page.totalCount`; and
/// `GET /api/v2/instances/{instance_id}`, one execution by its id alone (the document of
/// `GET /api/v2/workflows/{workflow_id}/instances/{instance_id}`).
public struct ExecutionSearchRoutes: Sendable {
    public var runtime: AgentRuntime

    public init(runtime: AgentRuntime) {
        self.runtime = runtime
    }

    public func register(on router: Router<some RequestContext>) {
        router.get("/api/v2/instances") { request, _ in try await search(request) }
        router.get("/api/v2/instances/:instance_id") { request, context in
            try await get(request, instanceID: context.parameters.require("instance_id"))
        }
    }

    func get(_ request: Request, instanceID: String) async throws -> Response {
        _ = try await runtime.authenticator.require(.workflowsRead, for: request, style: .strings)
        let execution = try await StoreErrors.mapped(style: .strings) {
            try await runtime.store.execution(id: instanceID)
        }
        guard let execution else { throw APIError.notFound("instance", instanceID, style: .strings) }
        return JSONResponse.make(InstanceJSON.document(execution))
    }

    func search(_ request: Request) async throws -> Response {
        _ = try await runtime.authenticator.require(.workflowsRead, for: request, style: .strings)
        let query = QueryParameters(request)
        let statuses = try query.all("filter[status]").map { text in
            guard let status = ExecutionStatus(rawValue: text) else {
                throw APIError(
                    .badRequest,
                    [
                        APIError.Problem(
                            "unknown status '\(text)'; use \(ExecutionStatus.allCases.map(\.rawValue).joined(separator: ", "))",
                            parameter: "filter[status]")
                    ], style: .strings)
            }
            return status
        }
        let size = try query.integer("page[size]", in: 1...100, default: 10, style: .strings)
        let number = try query.integer("page[number]", in: 0...Int(Int32.max), default: 0, style: .strings)
        let started = try range(query, "filter[startedAfter]", "filter[startedBefore]")
        let finished = try range(query, "filter[finishedAfter]", "filter[finishedBefore]")
        let page = try await StoreErrors.mapped(style: .strings) {
            try await runtime.store.executions(
                ExecutionQuery(
                    workflowID: query["filter[workflowId]"], statuses: Set(statuses), startedIn: started,
                    finishedIn: finished, offset: number * size, limit: size))
        }
        return JSONResponse.make(InstanceRoutes.listBody(page))
    }

    /// `[after, before)` from two optional times; an open end is unbounded.
    /// - Throws: `APIError` 400 for a bad time or an empty range.
    func range(_ query: QueryParameters, _ afterName: String, _ beforeName: String) throws -> Range<Date>? {
        let now = runtime.now()
        let after = try query.time(afterName, now: now, style: .strings)
        let before = try query.time(beforeName, now: now, style: .strings)
        guard after != nil || before != nil else { return nil }
        let lower = after ?? .distantPast
        let upper = before ?? .distantFuture
        guard lower < upper else {
            throw APIError(
                .badRequest,
                [APIError.Problem("\(afterName) must be before \(beforeName)", parameter: afterName)],
                style: .strings)
        }
        return lower..<upper
    }
}
