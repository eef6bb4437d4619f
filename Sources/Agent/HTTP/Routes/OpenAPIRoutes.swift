import Foundation
import HTTPTypes
import Hummingbird
import Workflow

/// *Extension* `GET /api/v2/openapi.json`: an OpenAPI 3.0 description of every route the agent serves.
public struct OpenAPIRoutes: Sendable {
    /// One operation: where, what, which scope, which parameters and which success status.
    struct Operation {
        var path: String
        var method: String
        var id: String
        var summary: String
        var scope: Scope?
        var query: [(String, String)] = []
        var success: String = "200"
        var body: String?
        /// The success response's media type, when it has a body that is not JSON.
        var produces: String?
    }

    static let operations: [Operation] = [
        Operation(
            path: "/api/v2/workflows", method: "post", id: "CreateWorkflow", summary: "Create a workflow",
            scope: .workflowsWrite, success: "201", body: "CreateWorkflowRequest"),
        Operation(
            path: "/api/v2/workflows", method: "get", id: "ListWorkflows", summary: "List workflows",
            scope: .workflowsRead,
            query: [
                ("limit", "integer"), ("page", "integer"), ("sort", "string"), ("filter[query]", "string"),
                ("filter[triggerIds]", "string"), ("filter[includeUnpublished]", "boolean"),
                ("filter[includeSpecs]", "boolean"),
            ]),
        Operation(
            path: "/api/v2/workflows/{workflow_id}", method: "get", id: "GetWorkflow", summary: "Get a workflow",
            scope: .workflowsRead),
        Operation(
            path: "/api/v2/workflows/{workflow_id}", method: "patch", id: "UpdateWorkflow",
            summary: "Update a workflow (the attributes sent replace the stored ones)", scope: .workflowsWrite,
            body: "UpdateWorkflowRequest"),
        Operation(
            path: "/api/v2/workflows/{workflow_id}", method: "delete", id: "DeleteWorkflow",
            summary: "Delete a workflow", scope: .workflowsWrite, success: "204"),
        Operation(
            path: "/api/v2/workflows/{workflow_id}/instances", method: "post", id: "CreateWorkflowInstance",
            summary: "Run a workflow (meta.payload; extensions meta.callback, meta.priority, meta.logLevel; "
                + "Idempotency-Key header)", scope: .workflowsRun, body: "WorkflowInstanceCreateRequest"),
        Operation(
            path: "/api/v2/workflows/{workflow_id}/instances", method: "get", id: "ListWorkflowInstances",
            summary: "List a workflow's instances, newest first", scope: .workflowsRead,
            query: [("page[size]", "integer"), ("page[number]", "integer")]),
        Operation(
            path: "/api/v2/workflows/{workflow_id}/instances/{instance_id}", method: "get",
            id: "GetWorkflowInstance", summary: "Get an instance: status, steps, attempts, outputs, statistics",
            scope: .workflowsRead),
        Operation(
            path: "/api/v2/workflows/{workflow_id}/instances/{instance_id}/cancel", method: "put",
            id: "CancelWorkflowInstance", summary: "Cancel a queued or running instance", scope: .workflowsRun),
        Operation(
            path: "/api/v2/workflows/{workflow_id}/instances/{instance_id}/properties", method: "get",
            id: "GetWorkflowInstanceProperties", summary: "An instance's run properties (extension)",
            scope: .workflowsRead),
        Operation(
            path: "/api/v2/workflows/{workflow_id}/instances/{instance_id}/properties", method: "put",
            id: "PutWorkflowInstanceProperties",
            summary: "Merge run properties into a Pending or Running instance (extension; 409 once it ended)",
            scope: .workflowsRun, body: "WorkflowInstancePropertiesRequest"),
        Operation(
            path: "/api/v2/workflows/{workflow_id}/instances/{instance_id}/callbacks", method: "get",
            id: "ListWorkflowInstanceCallbacks",
            summary: "An instance's callback with every delivery attempt: status code, error, duration, time "
                + "(extension)",
            scope: .workflowsRead),
        Operation(
            path: "/api/v2/workflows/{workflow_id}/instances/{instance_id}/callbacks/redeliver", method: "post",
            id: "RedeliverWorkflowInstanceCallbacks",
            summary: "Make an instance's undelivered or abandoned callback due now (extension)", scope: .workflowsRun,
            success: "202"),
        Operation(
            path: "/api/v2/workflows/{workflow_id}/schedule", method: "get", id: "GetWorkflowSchedule",
            summary: "The schedule trigger's next fire times, with jitter, in UTC and the rule's zone (extension)",
            scope: .workflowsRead, query: [("count", "integer")]),
        Operation(
            path: "/api/v2/workflows/{workflow_id}/fires", method: "get", id: "ListWorkflowFires",
            summary: "Every trigger's fires, newest first: the instance started or why none was (extension)",
            scope: .workflowsRead, query: [("page[size]", "integer"), ("page[number]", "integer")]),
        Operation(
            path: "/api/v2/instances", method: "get", id: "SearchInstances",
            summary: "Instances across workflows (extension)", scope: .workflowsRead,
            query: [
                ("filter[status]", "string"), ("filter[workflowId]", "string"), ("filter[startedAfter]", "string"),
                ("filter[startedBefore]", "string"), ("filter[finishedAfter]", "string"),
                ("filter[finishedBefore]", "string"), ("page[size]", "integer"), ("page[number]", "integer"),
            ]),
        Operation(
            path: "/api/v2/instances/{instance_id}", method: "get", id: "GetInstance",
            summary: "One instance by its id alone (extension)", scope: .workflowsRead),
        Operation(
            path: "/api/v2/workflows/{workflow_id}/instances/{instance_id}/events", method: "get",
            id: "StreamWorkflowInstanceEvents",
            summary: "The instance's events as Server-Sent Events, replayed from its start, live until it ends "
                + "(extension)", scope: .workflowsRead, produces: "text/event-stream"),
        Operation(
            path: "/api/v2/instances/{instance_id}/events", method: "get", id: "StreamInstanceEvents",
            summary: "The instance's events by its id alone, as Server-Sent Events (extension)",
            scope: .workflowsRead, produces: "text/event-stream"),
        Operation(
            path: "/api/v2/actions", method: "get", id: "ListActions", summary: "The actions steps may use",
            scope: .workflowsRead),
        Operation(
            path: "/api/v2/secrets", method: "get", id: "ListSecrets",
            summary: "Stored secrets' names and times, never values (extension)", scope: .workflowsRead),
        Operation(
            path: "/api/v2/secrets/{name}", method: "get", id: "GetSecret",
            summary: "A stored secret's name and times, never its value (extension)", scope: .workflowsRead),
        Operation(
            path: "/api/v2/secrets/{name}", method: "put", id: "SetSecret",
            summary: "Create (201) or replace (200) a secret: {\"data\": {\"type\": \"secrets\", \"attributes\": "
                + "{\"value\": …}}}; write-only, sealed at rest, used as {{ Secrets.NAME }} (extension)",
            scope: .workflowsWrite, body: "SetSecretRequest"),
        Operation(
            path: "/api/v2/secrets/{name}", method: "delete", id: "DeleteSecret",
            summary: "Delete a secret; steps that use it then fail with secret.missing (extension)",
            scope: .workflowsWrite, success: "204"),
        Operation(
            path: "/api/v2/workflows/{workflow_id}/credentials", method: "get", id: "ListWorkflowCredentials",
            summary: "The stored secrets a workflow references, whether each is stored, and where it is used; "
                + "never values", scope: .workflowsRead),
        Operation(path: "/healthz", method: "get", id: "Health", summary: "Liveness, queue depth", scope: nil),
        Operation(path: "/metrics", method: "get", id: "Metrics", summary: "Prometheus metrics", scope: nil),
        Operation(
            path: "/api/v2/openapi.json", method: "get", id: "OpenAPI", summary: "This document", scope: nil),
    ]

    /// The routes served only with a trigger event sink: inbound alerts and GitHub deliveries.
    static let eventOperations: [Operation] = [
        Operation(
            path: "/api/v2/alerts", method: "post", id: "ReceiveAlerts",
            summary: "Inbound alerts (Prometheus Alertmanager webhook or Datadog monitor notification) for the "
                + "monitor triggers of the workflows whose handle they name", scope: .workflowsRun,
            body: "AlertNotification"),
        Operation(
            path: "/api/v2/workflows/{workflow_id}/webhook", method: "post", id: "ReceiveGitHubWebhook",
            summary: "A GitHub webhook delivery, authenticated by X-Hub-Signature-256 against the workflow's "
                + "webhookSecret (no API key); 401 for a bad signature", scope: nil, body: "GitHubWebhookPayload"),
    ]

    /// Whether the document lists `eventOperations`.
    public var eventRoutes: Bool

    public init(eventRoutes: Bool = false) {
        self.eventRoutes = eventRoutes
    }

    public func register(on router: Router<some RequestContext>) {
        let document = Self.document(eventRoutes: eventRoutes)
        router.get("/api/v2/openapi.json") { _, _ in JSONResponse.make(document) }
    }

    /// The OpenAPI document.
    public static func document(eventRoutes: Bool = false) -> JSONValue {
        var paths: [String: JSONValue] = [:]
        for operation in operations + (eventRoutes ? eventOperations : []) {
            var methods = paths[operation.path]?.objectValue ?? [:]
            methods[operation.method] = describe(operation)
            paths[operation.path] = .object(methods)
        }
        let error: JSONValue = [
            "type": "object", "required": ["errors"],
            "properties": ["errors": ["type": "array", "items": [:]]],
        ]
        return [
            "openapi": "3.0.3",
            "info": [
                "title": "Sundial agent API", "version": "2",
                "description": "The Datadog Workflow Automation API v2, served by a Sundial agent, with extensions.",
            ],
            "paths": .object(paths),
            "components": [
                "schemas": ["APIErrorResponse": error],
                "securitySchemes": [
                    "apiKeyAuth": ["type": "apiKey", "in": "header", "name": "DD-API-KEY"],
                    "appKeyAuth": ["type": "apiKey", "in": "header", "name": "DD-APPLICATION-KEY"],
                    "bearerAuth": ["type": "http", "scheme": "bearer"],
                ],
            ],
        ]
    }

    static func describe(_ operation: Operation) -> JSONValue {
        var parameters: [JSONValue] = []
        for name in ["workflow_id", "instance_id", "name"] where operation.path.contains("{\(name)}") {
            parameters.append(["name": .string(name), "in": "path", "required": true, "schema": ["type": "string"]])
        }
        for (name, type) in operation.query {
            parameters.append(["name": .string(name), "in": "query", "schema": ["type": .string(type)]])
        }
        let errorResponse: JSONValue = [
            "description": "An error",
            "content": ["application/json": ["schema": ["$ref": "#/components/schemas/APIErrorResponse"]]],
        ]
        var success: JSONValue = ["description": "Success"]
        if let produces = operation.produces {
            success = ["description": "Success", "content": [produces: ["schema": ["type": "string"]]]]
        }
        var responses: [String: JSONValue] = [operation.success: success]
        for status in ["400", "401", "403", "404", "409", "413", "422", "429"] where operation.scope != nil {
            responses[status] = errorResponse
        }
        var object: [String: JSONValue] = [
            "operationId": .string(operation.id), "summary": .string(operation.summary),
            "parameters": .array(parameters), "responses": .object(responses),
        ]
        if let scope = operation.scope {
            object["security"] = [["apiKeyAuth": [], "appKeyAuth": []], ["bearerAuth": []]]
            object["x-permission"] = .string(scope.rawValue)
        }
        if let body = operation.body {
            object["requestBody"] = [
                "required": .bool(operation.method == "post" && body != "WorkflowInstanceCreateRequest"),
                "content": ["application/json": ["schema": ["type": "object", "title": .string(body)]]],
            ]
        }
        return .object(object)
    }
}
