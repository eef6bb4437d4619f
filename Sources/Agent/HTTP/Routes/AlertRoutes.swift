import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Store
import Workflow

/// `POST /api/v2/alerts` (`workflows_run`): inbound alerts in the Prometheus Alertmanager webhook format or as a
/// Datadog monitor notification, each handed to the monitor trigger of every workflow whose handle it names.
///
/// The answer lists, per alert and workflow, what was started or skipped and why; an alert naming no known handle
/// is reported as `unmatched`, not as an error. A repeat of an alert already handled for a workflow (Alertmanager
/// re-sending a group with the same firing alert, a sender retrying) is `duplicate` and starts nothing. 202 when
/// something started, else 200; 400 for a body in neither format.
public struct AlertRoutes: Sendable {
    public var runtime: AgentRuntime
    public var sink: any TriggerEventSink

    public init(runtime: AgentRuntime, sink: any TriggerEventSink) {
        self.runtime = runtime
        self.sink = sink
    }

    public func register(on router: Router<some RequestContext>) {
        router.post("/api/v2/alerts") { request, _ in try await receive(request) }
    }

    func receive(_ request: Request) async throws -> Response {
        let key = try await runtime.authenticator.require(.workflowsRun, for: request, style: .objects)
        let body = try await RequestBodyReader(limits: runtime.limits).json(of: request, style: .objects)
        let parsed: (InboundAlert.Source, [InboundAlert])
        do throws(AlertBodyError) {
            parsed = try AlertParser.parse(body)
        } catch {
            throw APIError(.badRequest, error.message, pointer: error.pointer)
        }
        let (source, alerts) = parsed
        let workflows = try await StoreErrors.mapped(style: .objects) {
            try await runtime.store.workflows(includeDeleted: false)
        }
        let decisions = AlertRouting(routes: AlertRoute.routes(from: workflows)).decide(alerts)
        var results: [JSONValue] = []
        var started = 0
        for decision in decisions {
            let result = try await carry(out: decision, alerts: alerts)
            if result["outcome"] == "started" { started += 1 }
            results.append(result)
        }
        runtime.logger.info(
            "alerts received",
            metadata: [
                "alert.source": "\(source.rawValue)", "alert.count": "\(alerts.count)",
                "executions.started": "\(started)", "actor": "\(key.name)",
            ])
        let document: JSONValue = [
            "data": [
                "type": "alert_notifications",
                "attributes": [
                    "source": .string(source.rawValue), "alerts": .int(Int64(alerts.count)),
                    "started": .int(Int64(started)), "results": .array(results),
                ],
            ]
        ]
        return JSONResponse.make(document, status: started > 0 ? .accepted : .ok)
    }

    /// Does what one decision says and describes the outcome.
    private func carry(out decision: AlertRouting.Decision, alerts: [InboundAlert]) async throws -> JSONValue {
        switch decision {
        case .unmatched(let index, let handles):
            var result = Self.describe(alerts[index], index: index)
            result["outcome"] = "unmatched"
            result["handles"] = .array(handles.map(JSONValue.string))
            return .object(result)
        case .skip(let index, let workflowID, let reason):
            var result = Self.describe(alerts[index], index: index)
            result["workflowId"] = .string(workflowID)
            result["outcome"] = "skipped"
            result["reason"] = .string(reason)
            return .object(result)
        case .fire(let index, let event, let deliveryKey):
            var result = Self.describe(alerts[index], index: index)
            result["workflowId"] = .string(event.workflowID)
            if let deliveryKey {
                let fresh = try await StoreErrors.mapped(style: .objects) {
                    try await runtime.store.recordWebhookDelivery(
                        source: "alerts:\(event.workflowID)", deliveryID: deliveryKey, at: runtime.now())
                }
                if !fresh {
                    result["outcome"] = "duplicate"
                    return .object(result)
                }
            }
            switch try await sink.fire(event) {
            case .started(let executionID):
                result["outcome"] = "started"
                result["executionId"] = .string(executionID)
            case .skipped(let reason, let retryAfter):
                result["outcome"] = "skipped"
                result["reason"] = .string(reason)
                if let retryAfter { result["retryAfterSeconds"] = .int(Int64(retryAfter)) }
            }
            return .object(result)
        }
    }

    /// The members every result has: which alert, its name, status and the handles it names.
    private static func describe(_ alert: InboundAlert, index: Int) -> [String: JSONValue] {
        var result: [String: JSONValue] = [
            "alert": .int(Int64(index)), "status": .string(alert.status.rawValue),
            "handles": .array(alert.handles.map(JSONValue.string)),
        ]
        if let name = alert.name { result["name"] = .string(name) }
        return result
    }
}
