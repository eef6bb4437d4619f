import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Store
import Workflow

/// `POST|GET /api/v2/workflows` and `GET|PATCH|DELETE /api/v2/workflows/{workflow_id}`.
public struct WorkflowRoutes: Sendable {
    public var runtime: AgentRuntime

    public init(runtime: AgentRuntime) {
        self.runtime = runtime
    }

    public func register(on router: Router<some RequestContext>) {
        router.post("/api/v2/workflows") { request, _ in try await create(request) }
        router.get("/api/v2/workflows") { request, _ in try await list(request) }
        router.get("/api/v2/workflows/:workflow_id") { request, context in
            try await get(request, id: context.parameters.require("workflow_id"))
        }
        router.patch("/api/v2/workflows/:workflow_id") { request, context in
            try await update(request, id: context.parameters.require("workflow_id"))
        }
        router.delete("/api/v2/workflows/:workflow_id") { request, context in
            try await delete(request, id: context.parameters.require("workflow_id"))
        }
    }

    func create(_ request: Request) async throws -> Response {
        let key = try await runtime.authenticator.require(.workflowsWrite, for: request, style: .objects)
        let body = try await RequestBodyReader(limits: runtime.limits).json(of: request, style: .objects)
        let (definition, warnings) = try checkedDefinition(from: body)
        try await WorkflowSecretRules.requireStoredSecrets(definition, store: runtime.store)
        let id = try SecureRandom.system.uuid()
        let stored = try await StoreErrors.mapped(style: .objects) {
            try await runtime.store.createWorkflow(id: id, definition: definition, actor: key.name, at: runtime.now())
        }
        await runtime.triggers.workflowChanged(stored)
        runtime.logger.info("workflow created", metadata: ["workflow.id": "\(id)", "actor": "\(key.name)"])
        logWarnings(warnings, workflowID: id)
        return JSONResponse.make(
            WorkflowWarnings.document(try WorkflowResource.document(stored), warnings: warnings), status: .created)
    }

    func get(_ request: Request, id: String) async throws -> Response {
        let key = try await runtime.authenticator.require(.workflowsRead, for: request, style: .objects)
        return JSONResponse.make(
            try WorkflowResource.document(try await existing(id), redactCredentials: !key.mayWrite))
    }

    func update(_ request: Request, id: String) async throws -> Response {
        let key = try await runtime.authenticator.require(.workflowsWrite, for: request, style: .objects)
        let body = try await RequestBodyReader(limits: runtime.limits).json(of: request, style: .objects)
        let current = try await existing(id)
        guard case .object(var attributes) = try JSONValue(encoding: current.definition) else {
            throw APIError(.internalServerError, "the stored workflow could not be read")
        }
        guard let changes = body["data"]?["attributes"]?.objectValue else {
            throw APIError(
                .badRequest, "the body must be {\"data\": {\"attributes\": {…}}} with the members to change",
                pointer: "/data/attributes")
        }
        if let given = body["data"]?["id"], given != .null, given != .string(id) {
            throw APIError(
                .badRequest,
                "data.id is \(Self.shown(given)) but the path names workflow '\(id)'; send the id of the workflow "
                    + "being updated, or leave data.id out",
                pointer: "/data/id")
        }
        // The members sent replace the stored ones; a member sent as null is removed (JSON merge patch), which is
        // how `sundial workflows update` replaces a whole definition.
        for (name, value) in changes where name != "createdAt" && name != "updatedAt" {
            attributes[name] = value == .null ? nil : value
        }
        let (definition, warnings) = try checkedDefinition(
            from: ["data": ["type": "workflows", "attributes": .object(attributes)]],
            requestedWebhookSecret: changes["webhookSecret"])
        try await WorkflowSecretRules.requireStoredSecrets(definition, store: runtime.store)
        let stored = try await StoreErrors.mapped(style: .objects) {
            try await runtime.store.updateWorkflow(id: id, definition: definition, actor: key.name, at: runtime.now())
        }
        await runtime.triggers.workflowChanged(stored)
        runtime.logger.info(
            "workflow updated",
            metadata: ["workflow.id": "\(id)", "workflow.version": "\(stored.version)", "actor": "\(key.name)"])
        logWarnings(warnings, workflowID: id)
        return JSONResponse.make(WorkflowWarnings.document(try WorkflowResource.document(stored), warnings: warnings))
    }

    func delete(_ request: Request, id: String) async throws -> Response {
        let key = try await runtime.authenticator.require(.workflowsWrite, for: request, style: .objects)
        _ = try await existing(id)
        try await StoreErrors.mapped(style: .objects) {
            try await runtime.store.deleteWorkflow(id: id, actor: key.name, at: runtime.now())
        }
        await runtime.triggers.workflowDeleted(id: id)
        runtime.logger.info("workflow deleted", metadata: ["workflow.id": "\(id)", "actor": "\(key.name)"])
        return Response(status: .noContent)
    }

    func list(_ request: Request) async throws -> Response {
        let key = try await runtime.authenticator.require(.workflowsRead, for: request, style: .objects)
        let query = QueryParameters(request)
        let listing = try WorkflowListing(query: query)
        let all = try await StoreErrors.mapped(style: .objects) {
            try await runtime.store.workflows(includeDeleted: false)
        }
        let (page, filtered) = listing.apply(to: all)
        let data = try page.map {
            try WorkflowResource.data($0, includeSpec: listing.includeSpecs, redactCredentials: !key.mayWrite)
        }
        let body: JSONValue = [
            "data": .array(data),
            "meta": ["page": ["totalCount": .int(Int64(all.count)), "totalFilteredCount": .int(Int64(filtered))]],
        ]
        return JSONResponse.make(body)
    }

    /// A live (not deleted) workflow.
    /// - Throws: `APIError` 404.
    func existing(_ id: String, style: APIError.Style = .objects) async throws -> StoredWorkflow {
        let workflow = try await StoreErrors.mapped(style: style) { try await runtime.store.workflow(id: id) }
        guard let workflow, !workflow.isDeleted else { throw APIError.notFound("workflow", id, style: style) }
        return workflow
    }

    /// The workflow a request body describes, checked as at create time, with what it is accepted despite
    /// (unknown members, an unpublished workflow's automatic triggers, …), each pointing into the body.
    /// - Throws: `APIError` 400 when the body cannot be read as a workflow, 422 for an invalid one; each problem
    ///   points into the body (`/data/attributes/spec/steps/0/actionId`).
    /// - Parameter requestedWebhookSecret: the top-level `webhookSecret` the request gave (the body's by default).
    func checkedDefinition(from body: JSONValue, requestedWebhookSecret: JSONValue?? = .none) throws
        -> (WorkflowDefinition, [ValidationIssue])
    {
        guard body["data"]?.objectValue != nil else {
            throw APIError(
                .badRequest, "the body must be {\"data\": {\"type\": \"workflows\", \"attributes\": {…}}}",
                pointer: "/data")
        }
        var document: WorkflowDocument
        do {
            document = try WorkflowDocument.decode(tree: body)
        } catch {
            throw APIError(
                .badRequest, error.issues.map { APIError.Problem($0.message, pointer: $0.pointer) }, style: .objects)
        }
        try WorkflowSecretRules.liftWebhookSecret(
            &document.workflow, requested: requestedWebhookSecret ?? body["data"]?["attributes"]?["webhookSecret"])
        guard document.type == "workflows" else {
            throw APIError(
                .unprocessableContent, "type must be \"workflows\", found \"\(document.type)\"", pointer: "/data/type")
        }
        let steps = document.workflow.spec.steps?.count ?? 0
        guard steps <= runtime.limits.maxStepsPerWorkflow else {
            throw APIError(
                .unprocessableContent,
                "the workflow has \(steps) steps; at most \(runtime.limits.maxStepsPerWorkflow) are accepted "
                    + "(limits.maxStepsPerWorkflow)", pointer: "/data/attributes/spec/steps")
        }
        let validator = runtime.validator
        var issues = validator.issues(in: document.workflow)
        var warnings: [ValidationIssue] = []
        // An action the agent does not have (a Datadog integration, a plugin still to be installed) is refused like
        // every other problem, unless the agent was started with --allow-unknown-actions: then it is a warning and
        // the step that uses it fails when it runs.
        if runtime.allowUnknownActions {
            warnings += issues.filter { $0.code == "action.unknown" }
            issues.removeAll { $0.code == "action.unknown" }
        }
        guard issues.isEmpty else {
            throw APIError.invalid(ValidationError(issues: issues), under: "/data/attributes")
        }
        warnings += validator.memberIssues(in: document.workflow) + validator.warnings(in: document.workflow)
        return (document.workflow, warnings.map { $0.prefixed(by: "/data/attributes") })
    }

    /// One log line and one count (`sundial_workflow_warnings_total`) per warning a written workflow was accepted
    /// with.
    private func logWarnings(_ warnings: [ValidationIssue], workflowID: String) {
        for warning in warnings {
            runtime.metrics.workflowWarned(code: warning.code)
            runtime.logger.warning(
                "workflow accepted with a warning",
                metadata: [
                    "workflow.id": "\(workflowID)", "warning.code": "\(warning.code)",
                    "warning.pointer": "\(warning.pointer)", "warning.message": "\(warning.message)",
                ])
        }
    }

    /// A JSON value as a message quotes it: a string in quotes, anything else as its JSON text.
    static func shown(_ value: JSONValue) -> String {
        if case .string(let text) = value { return "'\(text)'" }
        return (try? value.jsonText()) ?? "\(value)"
    }
}
