import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Store
import Workflow

/// `GET /api/v2/secrets`, `PUT|GET|DELETE /api/v2/secrets/{name}` and `GET /api/v2/workflows/{id}/credentials`.
///
/// Values are write-only: a `PUT` takes one, and no response ever holds one — reads give names and times. Reading
/// needs `workflows_read`, writing and deleting `workflows_write`.
public struct SecretRoutes: Sendable {
    /// The longest value accepted, in bytes of UTF-8.
    public static let maxValueBytes = 65_536

    public var runtime: AgentRuntime

    public init(runtime: AgentRuntime) {
        self.runtime = runtime
    }

    public func register(on router: Router<some RequestContext>) {
        router.get("/api/v2/secrets") { request, _ in try await list(request) }
        router.get("/api/v2/secrets/:name") { request, context in
            try await get(request, name: context.parameters.require("name"))
        }
        router.put("/api/v2/secrets/:name") { request, context in
            try await put(request, name: context.parameters.require("name"))
        }
        router.delete("/api/v2/secrets/:name") { request, context in
            try await delete(request, name: context.parameters.require("name"))
        }
        router.get("/api/v2/workflows/:workflow_id/credentials") { request, context in
            try await credentials(request, workflowID: context.parameters.require("workflow_id"))
        }
    }

    func list(_ request: Request) async throws -> Response {
        _ = try await runtime.authenticator.require(.workflowsRead, for: request, style: .objects)
        let infos = try await StoreErrors.mapped(style: .objects) { try await runtime.store.secretInfos() }
        return JSONResponse.make(
            ["data": .array(infos.map(Self.resource)), "meta": ["page": ["totalCount": .int(Int64(infos.count))]]])
    }

    func get(_ request: Request, name: String) async throws -> Response {
        _ = try await runtime.authenticator.require(.workflowsRead, for: request, style: .objects)
        return JSONResponse.make(["data": Self.resource(try await existing(name))])
    }

    func put(_ request: Request, name: String) async throws -> Response {
        let key = try await runtime.authenticator.require(.workflowsWrite, for: request, style: .objects)
        try Self.checkName(name)
        let body = try await RequestBodyReader(limits: runtime.limits).json(of: request, style: .objects)
        let value = try Self.value(in: body)
        let write = try await StoreErrors.mapped(style: .objects) {
            try await runtime.store.setSecret(name: name, value: Secret(value), actor: key.name, at: runtime.now())
        }
        runtime.logger.info(
            write.created ? "secret created" : "secret replaced",
            metadata: ["secret.name": "\(name)", "actor": "\(key.name)"])
        return JSONResponse.make(["data": Self.resource(write.info)], status: write.created ? .created : .ok)
    }

    func delete(_ request: Request, name: String) async throws -> Response {
        let key = try await runtime.authenticator.require(.workflowsWrite, for: request, style: .objects)
        _ = try await existing(name)
        try await StoreErrors.mapped(style: .objects) {
            try await runtime.store.deleteSecret(name: name, actor: key.name, at: runtime.now())
        }
        // Deleting is allowed while workflows use it (rotation may delete then set); each run's step that needs it
        // then fails with secret.missing, so say which workflows now cannot run.
        let users = try await StoreErrors.mapped(style: .objects) {
            try await runtime.store.workflows(includeDeleted: false)
        }.filter { SecretReference.names(in: $0.definition).contains(name) }.map(\.id)
        var metadata: Logger.Metadata = ["secret.name": "\(name)", "actor": "\(key.name)"]
        if users.isEmpty {
            runtime.logger.info("secret deleted", metadata: metadata)
        } else {
            metadata["workflow.ids"] = "\(users.joined(separator: ","))"
            runtime.logger.warning(
                "secret deleted while workflows reference it; their steps using it fail with secret.missing",
                metadata: metadata)
        }
        return Response(status: .noContent)
    }

    /// The secrets a workflow references: each name, whether it is stored, and where it is used.
    func credentials(_ request: Request, workflowID: String) async throws -> Response {
        _ = try await runtime.authenticator.require(.workflowsRead, for: request, style: .objects)
        let workflow = try await StoreErrors.mapped(style: .objects) {
            try await runtime.store.workflow(id: workflowID)
        }
        guard let workflow, !workflow.isDeleted else { throw APIError.notFound("workflow", workflowID) }
        let references = SecretReference.all(in: workflow.definition)
        let stored = Dictionary(
            uniqueKeysWithValues: try await StoreErrors.mapped(style: .objects) {
                try await runtime.store.secretInfos()
            }.map { ($0.name, $0) })
        var order: [String] = []
        var pointers: [String: [String]] = [:]
        for reference in references {
            if pointers[reference.name] == nil { order.append(reference.name) }
            pointers[reference.name, default: []].append(reference.pointer)
        }
        let data: [JSONValue] = order.map { name in
            var attributes: [String: JSONValue] = [
                "name": .string(name), "kind": "secret", "stored": .bool(stored[name] != nil),
                "references": .array(pointers[name, default: []].map(JSONValue.string)),
            ]
            if let info = stored[name] { attributes["updatedAt"] = .string(JSONResponse.timestamp(info.updatedAt)) }
            return ["id": .string(name), "type": "workflow_credentials", "attributes": .object(attributes)]
        }
        return JSONResponse.make(["data": .array(data), "meta": ["page": ["totalCount": .int(Int64(data.count))]]])
    }

    /// A stored secret's info.
    /// - Throws: `APIError` 404.
    func existing(_ name: String) async throws -> SecretInfo {
        let info = try await StoreErrors.mapped(style: .objects) { try await runtime.store.secretInfo(name: name) }
        guard let info else {
            throw APIError(
                .notFound, "no secret '\(name)'; list the stored ones with GET /api/v2/secrets")
        }
        return info
    }

    /// `{"id": name, "type": "secrets", "attributes": {"name", "createdAt", "updatedAt"}}`; never the value.
    static func resource(_ info: SecretInfo) -> JSONValue {
        [
            "id": .string(info.name), "type": "secrets",
            "attributes": [
                "name": .string(info.name), "createdAt": .string(JSONResponse.timestamp(info.createdAt)),
                "updatedAt": .string(JSONResponse.timestamp(info.updatedAt)),
            ],
        ]
    }

    /// - Throws: `APIError` 400 for a name templates cannot use.
    static func checkName(_ name: String) throws {
        guard SecretName.isValid(name) else {
            throw APIError(.badRequest, "'\(name)' is not a valid secret name; \(SecretName.rule)")
        }
    }

    /// The value of `{"data": {"type": "secrets", "attributes": {"value": "…"}}}`.
    /// - Throws: `APIError` 400 naming the member that is missing, not a string, empty or too long.
    static func value(in body: JSONValue) throws -> String {
        let shape = "the body must be {\"data\": {\"type\": \"secrets\", \"attributes\": {\"value\": \"…\"}}}"
        if let type = body["data"]?["type"], type != "secrets" {
            throw APIError(.badRequest, "type must be \"secrets\"; \(shape)", pointer: "/data/type")
        }
        guard let member = body["data"]?["attributes"]?["value"] else {
            throw APIError(.badRequest, shape, pointer: "/data/attributes/value")
        }
        guard case .string(let value) = member else {
            throw APIError(.badRequest, "value must be a string", pointer: "/data/attributes/value")
        }
        guard !value.isEmpty else {
            throw APIError(.badRequest, "value must not be empty", pointer: "/data/attributes/value")
        }
        guard value.utf8.count <= maxValueBytes else {
            throw APIError(
                .badRequest, "value has \(value.utf8.count) bytes; at most \(maxValueBytes) are accepted",
                pointer: "/data/attributes/value")
        }
        return value
    }
}
