import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Store
import Workflow

/// `POST /api/v2/workflows/{workflow_id}/webhook`: a GitHub webhook delivery for a workflow's
/// `githubWebhookTrigger`. No API key: the request is authenticated by its `X-Hub-Signature-256` against the
/// workflow's `webhookSecret`.
///
/// An unknown workflow is 404. A bad or missing signature, or a workflow without a secret, is 401, and nothing else
/// about the workflow is told or done before the signature holds. A `ping` answers 200 and starts nothing; so does
/// a delivery whose `X-GitHub-Delivery` was seen before. Otherwise the event is handed to the trigger core with
/// `Trigger.event`, `Trigger.delivery` and `Trigger.payload`: 202 when it started an execution, 200 when the core
/// skipped it (rate limit, unpublished, …).
public struct WebhookRoutes: Sendable {
    public var runtime: AgentRuntime
    public var sink: any TriggerEventSink

    public init(runtime: AgentRuntime, sink: any TriggerEventSink) {
        self.runtime = runtime
        self.sink = sink
    }

    public func register(on router: Router<some RequestContext>) {
        router.post("/api/v2/workflows/:workflow_id/webhook") { request, context in
            try await receive(request, workflowID: context.parameters.require("workflow_id"))
        }
    }

    func receive(_ request: Request, workflowID: String) async throws -> Response {
        let body = try await RequestBodyReader(limits: runtime.limits).bytes(of: request, style: .objects)
        let workflow = try await WorkflowRoutes(runtime: runtime).existing(workflowID)
        let verdict = GitHubSignature.verify(
            header: request.headers[Self.header(GitHubSignature.headerName)], body: body,
            secret: workflow.definition.webhookSecret)
        guard verdict == .valid else {
            runtime.logger.notice(
                "webhook delivery refused", metadata: ["workflow.id": "\(workflowID)", "reason": "\(verdict)"])
            throw APIError(
                .unauthorized, [APIError.Problem(verdict.message, header: GitHubSignature.headerName)])
        }
        let delivery: GitHubDelivery
        do throws(GitHubDelivery.Problem) {
            delivery = try GitHubDelivery(
                event: request.headers[Self.header(GitHubDelivery.eventHeader)],
                delivery: request.headers[Self.header(GitHubDelivery.deliveryHeader)])
        } catch {
            throw APIError(.badRequest, [APIError.Problem(error.message, header: error.header)])
        }
        if delivery.isPing {
            return Self.answer(delivery, outcome: "ping", status: .ok)
        }
        guard workflow.definition.spec.trigger(.githubWebhook) != nil else {
            throw APIError(
                .conflict,
                "workflow '\(workflowID)' has no githubWebhookTrigger; add {\"githubWebhookTrigger\": {}} to "
                    + "spec.triggers to run it on GitHub events", pointer: "/data/attributes/spec/triggers")
        }
        let payload: JSONValue
        do {
            let bytes = try GitHubDelivery.payloadBytes(body: body, contentType: request.headers[.contentType])
            payload = try RequestBodyReader(limits: runtime.limits).parse(bytes, style: .objects)
        } catch let problem as GitHubDelivery.Problem {
            throw APIError(.badRequest, problem.message, pointer: "")
        }
        let fresh = try await StoreErrors.mapped(style: .objects) {
            try await runtime.store.recordWebhookDelivery(
                source: "github:\(workflowID)", deliveryID: delivery.deliveryID, at: runtime.now())
        }
        guard fresh else {
            return Self.answer(delivery, outcome: "duplicate", status: .ok)
        }
        let event = TriggerEvent(
            workflowID: workflowID, kind: .githubWebhook, triggerData: delivery.triggerData(payload: payload),
            actor: "github")
        switch try await sink.fire(event) {
        case .started(let executionID):
            runtime.logger.info(
                "webhook delivery started an execution",
                metadata: [
                    "workflow.id": "\(workflowID)", "github.event": "\(delivery.event)",
                    "github.delivery": "\(delivery.deliveryID)", "execution.id": "\(executionID)",
                ])
            return Self.answer(
                delivery, outcome: "started", extra: ["executionId": .string(executionID)], status: .accepted)
        case .skipped(let reason, let retryAfter):
            var extra: [String: JSONValue] = ["reason": .string(reason)]
            if let retryAfter { extra["retryAfterSeconds"] = .int(Int64(retryAfter)) }
            return Self.answer(delivery, outcome: "skipped", extra: extra, status: .ok)
        }
    }

    /// `{"data": {"type": "webhook_deliveries", "id": <delivery>, "attributes": {"event", "outcome", …}}}`.
    static func answer(
        _ delivery: GitHubDelivery, outcome: String, extra: [String: JSONValue] = [:], status: HTTPResponse.Status
    ) -> Response {
        var attributes = extra
        attributes["event"] = .string(delivery.event)
        attributes["outcome"] = .string(outcome)
        let document: JSONValue = [
            "data": [
                "type": "webhook_deliveries", "id": .string(delivery.deliveryID), "attributes": .object(attributes),
            ]
        ]
        return JSONResponse.make(document, status: status)
    }

    static func header(_ name: String) -> HTTPField.Name {
        // The names are constants known to be valid tokens.
        HTTPField.Name(name)!
    }
}
