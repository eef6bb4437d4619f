import Foundation
import Workflow

/// Something that asks one workflow's event trigger to fire: an inbound alert (`monitorTrigger`), a verified
/// GitHub delivery (`githubWebhookTrigger`), a local check changing state (`monitorTrigger`).
public struct TriggerEvent: Hashable, Sendable {
    public var workflowID: String
    /// The trigger that fires.
    public var kind: TriggerKind
    /// What the execution reads as `Trigger.<key>`; its `payload` is `Trigger.payload`.
    public var triggerData: [String: JSONValue]
    /// Who or what caused it, for the audit log (`alertmanager`, `github`, `check`).
    public var actor: String

    public init(workflowID: String, kind: TriggerKind, triggerData: [String: JSONValue], actor: String) {
        self.workflowID = workflowID
        self.kind = kind
        self.triggerData = triggerData
        self.actor = actor
    }
}

/// What became of one event.
public enum TriggerEventOutcome: Hashable, Sendable {
    /// An execution was stored `Pending` and queued.
    case started(executionID: String)
    /// Nothing started; the fire is recorded with this reason (`rateLimited`, `unpublished`, `overlap`, …) and,
    /// for a rate limit, how many seconds until one would be admitted.
    case skipped(reason: String, retryAfterSeconds: Int?)
}

/// Where trigger sources hand their events: the agent's trigger core applies the trigger's gates (published, rate
/// limit, overlap), records the fire, and starts the execution.
public protocol TriggerEventSink: Sendable {
    func fire(_ event: TriggerEvent) async throws -> TriggerEventOutcome
}
