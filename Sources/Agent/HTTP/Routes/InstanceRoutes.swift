import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Store
import Workflow

/// `POST|GET /api/v2/workflows/{workflow_id}/instances`, `GET …/instances/{instance_id}`,
/// `PUT …/instances/{instance_id}/cancel` and *extension* `GET|PUT …/instances/{instance_id}/properties`. Errors are
/// the seed's plain-string bodies.
public struct InstanceRoutes: Sendable {
    public static let idempotencyKeyHeader = HTTPField.Name("Idempotency-Key")!

    public var runtime: AgentRuntime

    public init(runtime: AgentRuntime) {
        self.runtime = runtime
    }

    public func register(on router: Router<some RequestContext>) {
        let base = "/api/v2/workflows/:workflow_id/instances"
        router.post(RouterPath(base)) { request, context in
            try await run(request, workflowID: context.parameters.require("workflow_id"))
        }
        router.get(RouterPath(base)) { request, context in
            try await list(request, workflowID: context.parameters.require("workflow_id"))
        }
        router.get(RouterPath(base + "/:instance_id")) { request, context in
            try await get(
                request, workflowID: context.parameters.require("workflow_id"),
                instanceID: context.parameters.require("instance_id"))
        }
        router.get(RouterPath(base + "/:instance_id/properties")) { request, context in
            try await properties(
                request, workflowID: context.parameters.require("workflow_id"),
                instanceID: context.parameters.require("instance_id"))
        }
        router.put(RouterPath(base + "/:instance_id/properties")) { request, context in
            try await putProperties(
                request, workflowID: context.parameters.require("workflow_id"),
                instanceID: context.parameters.require("instance_id"))
        }
        router.put(RouterPath(base + "/:instance_id/cancel")) { request, context in
            try await cancel(
                request, workflowID: context.parameters.require("workflow_id"),
                instanceID: context.parameters.require("instance_id"))
        }
    }

    func run(_ request: Request, workflowID: String) async throws -> Response {
        let key = try await runtime.authenticator.require(.workflowsRun, for: request, style: .strings)
        let body = try await RequestBodyReader(limits: runtime.limits).json(of: request, style: .strings)
        let workflow = try await WorkflowRoutes(runtime: runtime).existing(workflowID, style: .strings)
        let runRequest = try RunRequestCheck.decode(body)
        let execution = try RunRequestCheck.execution(
            for: runRequest, workflow: workflow, id: try SecureRandom.system.uuid(), at: runtime.now())
        let idempotencyKey = request.headers[Self.idempotencyKeyHeader].flatMap { $0.isEmpty ? nil : $0 }
        let outcome = try await StoreErrors.mapped(style: .strings) {
            try await runtime.triggers.startAPIRun(
                execution, workflow: workflow, idempotencyKey: idempotencyKey,
                requestFingerprint: idempotencyKey.map { _ in RequestFingerprint.of(body) }, actor: key.name)
        }
        let id: String
        switch outcome {
        case .created(let created):
            id = created.id
            runtime.logger.debug(
                "execution queued", metadata: ["execution.id": "\(created.id)", "workflow.id": "\(workflowID)"])
        case .existing(let existing):
            id = existing.id
        case .rateLimited(let retryAfter):
            throw APIError(
                .tooManyRequests,
                [
                    APIError.Problem(
                        "workflow '\(workflowID)' is over its apiTrigger rateLimit; retry in \(retryAfter) s or raise "
                            + "the limit at /data/attributes/spec/triggers")
                ], style: .strings, retryAfter: retryAfter)
        }
        var response = JSONResponse.make(["data": ["id": JSONValue.string(id)]] as JSONValue)
        response.headers[.location] = Self.location(workflowID: workflowID, instanceID: id)
        return response
    }

    /// The path of instance `instanceID` of workflow `workflowID`, each percent-encoded as a path segment.
    static func location(workflowID: String, instanceID: String) -> String {
        let segment = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))
        let encode = { (text: String) in text.addingPercentEncoding(withAllowedCharacters: segment) ?? text }
        return "/api/v2/workflows/\(encode(workflowID))/instances/\(encode(instanceID))"
    }

    func list(_ request: Request, workflowID: String) async throws -> Response {
        _ = try await runtime.authenticator.require(.workflowsRead, for: request, style: .strings)
        _ = try await WorkflowRoutes(runtime: runtime).existing(workflowID, style: .strings)
        let query = QueryParameters(request)
        let size = try query.integer("page[size]", in: 1...100, default: 10, style: .strings)
        let number = try query.integer("page[number]", in: 0...Int(Int32.max), default: 0, style: .strings)
        let page = try await StoreErrors.mapped(style: .strings) {
            try await runtime.store.executions(
                ExecutionQuery(workflowID: workflowID, offset: number * size, limit: size))
        }
        return JSONResponse.make(Self.listBody(page))
    }

    func get(_ request: Request, workflowID: String, instanceID: String) async throws -> Response {
        _ = try await runtime.authenticator.require(.workflowsRead, for: request, style: .strings)
        let execution = try await existing(workflowID: workflowID, instanceID: instanceID)
        return JSONResponse.make(InstanceJSON.document(execution))
    }

    func cancel(_ request: Request, workflowID: String, instanceID: String) async throws -> Response {
        let key = try await runtime.authenticator.require(.workflowsRun, for: request, style: .strings)
        let execution = try await existing(workflowID: workflowID, instanceID: instanceID)
        guard !execution.status.isTerminal else {
            throw APIError(
                .conflict, "the instance already ended with status \(execution.status.rawValue); nothing to cancel",
                style: .strings)
        }
        let canceller = ExecutionCanceller(
            store: runtime.store, dispatcher: runtime.dispatcher, metrics: runtime.metrics, now: runtime.now)
        let found = try await StoreErrors.mapped(style: .strings) { try await canceller.cancel(execution) }
        // A run a trigger holds back (BUFFER_ONE) is in no queue: the trigger core forgets it here.
        if case .unknown = found { runtime.triggers.executionEnded(instanceID) }
        if case .running = found {} else { runtime.propertyChanges.forget(instanceID) }
        // A cancelled run with a callback has one in the outbox now.
        if execution.callback != nil { runtime.callbackWakeup.wake() }
        runtime.logger.info("execution cancelled", metadata: ["execution.id": "\(instanceID)", "actor": "\(key.name)"])
        return JSONResponse.make(["data": ["id": JSONValue.string(instanceID)]] as JSONValue)
    }

    /// *Extension*: an execution's run properties (AWS Glue's `GetWorkflowRunProperties`).
    func properties(_ request: Request, workflowID: String, instanceID: String) async throws -> Response {
        _ = try await runtime.authenticator.require(.workflowsRead, for: request, style: .strings)
        let execution = try await existing(workflowID: workflowID, instanceID: instanceID)
        return JSONResponse.make(Self.propertiesBody(execution))
    }

    /// *Extension*: merges properties into a Pending or Running execution's run properties (AWS Glue's
    /// `PutWorkflowRunProperties`); the steps the run starts afterwards see them as `Properties.<key>`. The body
    /// mirrors the GET's. 409 once the execution has ended.
    func putProperties(_ request: Request, workflowID: String, instanceID: String) async throws -> Response {
        let key = try await runtime.authenticator.require(.workflowsRun, for: request, style: .strings)
        let body = try await RequestBodyReader(limits: runtime.limits).json(of: request, style: .strings)
        guard let properties = body["data"]?["attributes"]?["properties"]?.objectValue else {
            throw APIError(
                .badRequest,
                "properties must be an object of names to values: {\"data\": {\"attributes\": {\"properties\": "
                    + "{\"stage\": \"copy\"}}}}", pointer: "/data/attributes/properties", style: .strings)
        }
        _ = try await existing(workflowID: workflowID, instanceID: instanceID)
        let execution = try await StoreErrors.mapped(style: .strings) {
            try await runtime.store.mergeProperties(
                executionID: instanceID, properties: properties, actor: key.name, at: runtime.now())
        }
        // A run that waits or runs sees the change in the steps it starts from now on.
        runtime.propertyChanges.mark(instanceID)
        runtime.logger.info(
            "run properties changed",
            metadata: [
                "execution.id": "\(instanceID)", "actor": "\(key.name)", "properties.count": "\(properties.count)",
            ])
        return JSONResponse.make(Self.propertiesBody(execution))
    }

    /// `{"data": {"id", "type": "workflow_instance_properties", "attributes": {"properties": {…}}}}`.
    static func propertiesBody(_ execution: Execution) -> JSONValue {
        [
            "data": [
                "id": .string(execution.id), "type": "workflow_instance_properties",
                "attributes": ["properties": .object(execution.properties)],
            ]
        ]
    }

    /// The execution `instanceID` of workflow `workflowID`.
    /// - Throws: `APIError` 404 when either is unknown.
    func existing(workflowID: String, instanceID: String) async throws -> Execution {
        let execution = try await StoreErrors.mapped(style: .strings) {
            try await runtime.store.execution(id: instanceID)
        }
        guard let execution, execution.workflowID == workflowID else {
            throw APIError.notFound("instance of workflow '\(workflowID)'", instanceID, style: .strings)
        }
        return execution
    }

    /// `{"data": [{"id", "type", "attributes": {status, timestamps}}], "meta": {"page": {"totalCount"}}}`.
    static func listBody(_ page: ExecutionPage) -> JSONValue {
        [
            "data": .array(page.executions.map(summary)),
            "meta": ["page": ["totalCount": .int(Int64(page.total))]],
        ]
    }

    /// The list item of one execution.
    static func summary(_ execution: Execution) -> JSONValue {
        var attributes: [String: JSONValue] = [
            "workflowId": .string(execution.workflowID), "status": .string(execution.status.rawValue),
            "priority": .int(Int64(execution.priority)),
        ]
        for (name, date) in [
            ("createdAt", execution.createdAt), ("startedAt", execution.startedAt),
            ("finishedAt", execution.finishedAt),
        ] {
            if let date { attributes[name] = .string(JSONResponse.timestamp(date)) }
        }
        return ["id": .string(execution.id), "type": "workflow_instances", "attributes": .object(attributes)]
    }
}
