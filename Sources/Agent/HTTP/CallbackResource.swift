import Foundation
import Store
import Workflow

/// An execution's callbacks as the API shows them: one `workflow_instance_callbacks` resource per outbox row, with
/// every delivery attempt.
enum CallbackResource {
    /// `{"data": [{"id", "type", "attributes": {url, webhookId, state, …, attempts: […]}}], "meta": {"page": …}}`.
    static func listBody(_ callbacks: [(entry: CallbackEntry, attempts: [DeliveryAttempt])]) -> JSONValue {
        [
            "data": .array(callbacks.map { resource($0.entry, attempts: $0.attempts) }),
            "meta": ["page": ["totalCount": .int(Int64(callbacks.count))]],
        ]
    }

    /// `delivered`, `abandoned`, or `pending` (waiting for its next attempt).
    static func state(of entry: CallbackEntry) -> String {
        if entry.deliveredAt != nil { return "delivered" }
        if entry.abandonedAt != nil { return "abandoned" }
        return "pending"
    }

    /// The URL's password reads `[secret]`, in the URL and in any error quoting it.
    static func resource(_ entry: CallbackEntry, attempts: [DeliveryAttempt]) -> JSONValue {
        let state = state(of: entry)
        let scrub = SecretRedactor(values: CredentialRedaction.urlCredentials(entry.url))
        var attributes: [String: JSONValue] = [
            "executionId": .string(entry.executionID), "url": .string(CredentialRedaction.url(entry.url)),
            "webhookId": .string(CallbackSender.webhookID(for: entry)), "state": .string(state),
            "createdAt": .string(JSONResponse.timestamp(entry.createdAt)),
            "attemptCount": .int(Int64(entry.attempts)),
            "attempts": .array(attempts.map { scrub.redact(attempt($0)) }),
        ]
        if state == "pending" { attributes["nextAttemptAt"] = .string(JSONResponse.timestamp(entry.nextAttemptAt)) }
        if let delivered = entry.deliveredAt { attributes["deliveredAt"] = .string(JSONResponse.timestamp(delivered)) }
        if let abandoned = entry.abandonedAt { attributes["abandonedAt"] = .string(JSONResponse.timestamp(abandoned)) }
        if let error = entry.lastError { attributes["lastError"] = .string(scrub.redact(error)) }
        return [
            "id": .string(String(entry.id)), "type": "workflow_instance_callbacks", "attributes": .object(attributes),
        ]
    }

    static func attempt(_ attempt: DeliveryAttempt) -> JSONValue {
        let parts = attempt.duration.components
        var object: [String: JSONValue] = [
            "number": .int(Int64(attempt.number)), "at": .string(JSONResponse.timestamp(attempt.at)),
            "durationMs": .int(parts.seconds * 1000 + parts.attoseconds / 1_000_000_000_000_000),
        ]
        if let status = attempt.statusCode { object["statusCode"] = .int(Int64(status)) }
        if let error = attempt.error { object["error"] = .string(error) }
        return .object(object)
    }
}
