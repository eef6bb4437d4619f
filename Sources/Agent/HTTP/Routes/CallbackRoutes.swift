import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Store
import Workflow

/// *Extension*: `GET /api/v2/workflows/{workflow_id}/instances/{instance_id}/callbacks` lists an execution's callback
/// with every delivery attempt; `POST …/callbacks/redeliver` makes an undelivered or abandoned callback due now.
/// Errors are plain strings, as on the other instance routes.
public struct CallbackRoutes: Sendable {
    public var runtime: AgentRuntime

    public init(runtime: AgentRuntime) {
        self.runtime = runtime
    }

    public func register(on router: Router<some RequestContext>) {
        let base = "/api/v2/workflows/:workflow_id/instances/:instance_id/callbacks"
        router.get(RouterPath(base)) { request, context in
            try await list(
                request, workflowID: context.parameters.require("workflow_id"),
                instanceID: context.parameters.require("instance_id"))
        }
        router.post(RouterPath(base + "/redeliver")) { request, context in
            try await redeliver(
                request, workflowID: context.parameters.require("workflow_id"),
                instanceID: context.parameters.require("instance_id"))
        }
    }

    func list(_ request: Request, workflowID: String, instanceID: String) async throws -> Response {
        _ = try await runtime.authenticator.require(.workflowsRead, for: request, style: .strings)
        _ = try await InstanceRoutes(runtime: runtime).existing(workflowID: workflowID, instanceID: instanceID)
        return JSONResponse.make(CallbackResource.listBody(try await callbacks(of: instanceID)))
    }

    /// 202 with the callbacks as they are now; 404 when the execution has no callback, 409 when it has not ended
    /// or its callback was delivered.
    func redeliver(_ request: Request, workflowID: String, instanceID: String) async throws -> Response {
        let key = try await runtime.authenticator.require(.workflowsRun, for: request, style: .strings)
        let execution = try await InstanceRoutes(runtime: runtime).existing(
            workflowID: workflowID, instanceID: instanceID)
        guard execution.callback != nil else {
            throw APIError(
                .notFound,
                "instance '\(instanceID)' has no callback: its run request named no meta.callback and its workflow "
                    + "has no spec.callback",
                style: .strings)
        }
        guard execution.status.isTerminal else {
            throw APIError(
                .conflict,
                "instance '\(instanceID)' has not ended (status \(execution.status.rawValue)); its callback is sent "
                    + "when it does",
                style: .strings)
        }
        let changed = try await StoreErrors.mapped(style: .strings) {
            try await runtime.store.redeliverCallbacks(executionID: instanceID, at: runtime.now())
        }
        let callbacks = try await callbacks(of: instanceID)
        guard changed > 0 else {
            var message = "instance '\(instanceID)' has no callback waiting to be delivered"
            if let delivered = callbacks.compactMap(\.entry.deliveredAt).max() {
                message =
                    "the callback of instance '\(instanceID)' was delivered at "
                    + "\(JSONResponse.timestamp(delivered)); nothing to redeliver"
            }
            throw APIError(.conflict, message, style: .strings)
        }
        runtime.callbackWakeup.wake()
        runtime.logger.info(
            "callback redelivery requested", metadata: ["execution.id": "\(instanceID)", "actor": "\(key.name)"])
        return JSONResponse.make(CallbackResource.listBody(callbacks), status: .accepted)
    }

    private func callbacks(of instanceID: String) async throws -> [(entry: CallbackEntry, attempts: [DeliveryAttempt])]
    {
        try await StoreErrors.mapped(style: .strings) {
            var result: [(entry: CallbackEntry, attempts: [DeliveryAttempt])] = []
            for entry in try await runtime.store.callbacks(executionID: instanceID) {
                result.append((entry, try await runtime.store.deliveryAttempts(callbackID: entry.id)))
            }
            return result
        }
    }
}
