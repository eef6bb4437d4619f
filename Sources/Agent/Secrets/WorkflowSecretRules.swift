import HTTPTypes
import Store
import Workflow

/// What the workflow routes enforce about secrets when a workflow is written.
enum WorkflowSecretRules {
    /// Moves a `webhookSecret` written inside a trigger (`githubWebhookTrigger.webhookSecret`, where GitHub's own
    /// settings put it) to the workflow's `webhookSecret`, which verifies deliveries and is never shown; the
    /// trigger keeps no copy, so no response echoes it.
    /// - Parameter requested: the top-level `webhookSecret` the request itself gave, if any.
    /// - Throws: `APIError` 422 pointing at the trigger's member when it is not a string, or when the request gives
    ///   a different top-level `webhookSecret` too (which one verifies would be a guess).
    static func liftWebhookSecret(_ definition: inout WorkflowDefinition, requested: JSONValue?) throws {
        guard var triggers = definition.spec.triggers else { return }
        var lifted: String?
        for index in triggers.indices {
            guard let member = triggers[index].settings.extra["webhookSecret"] else { continue }
            let pointer = "/data/attributes/spec/triggers/\(index)/\(triggers[index].kind.rawValue)/webhookSecret"
            guard case .string(let secret) = member, !secret.isEmpty else {
                throw APIError(.unprocessableContent, "webhookSecret must be a non-empty string", pointer: pointer)
            }
            if case .string(let topLevel) = requested, topLevel != secret {
                throw APIError(
                    .unprocessableContent,
                    "webhookSecret is given both here and at /data/attributes/webhookSecret with different values; "
                        + "give it once (the workflow's webhookSecret verifies every delivery)", pointer: pointer)
            }
            if let lifted, lifted != secret {
                throw APIError(
                    .unprocessableContent,
                    "two triggers give different webhookSecret values; a workflow has one webhookSecret",
                    pointer: pointer)
            }
            lifted = secret
            definition.webhookSecret = secret
            triggers[index].settings.extra["webhookSecret"] = nil
        }
        definition.spec.triggers = triggers
    }

    /// Refuses a workflow that references a secret not stored: it could not run, so it is refused when written
    /// (DESIGN: no silent failure) rather than failing its first run. Set the secret first, then the workflow.
    /// - Throws: `APIError` 422 with one problem per reference, each pointing at the string that holds it.
    static func requireStoredSecrets(_ definition: WorkflowDefinition, store: any Store) async throws {
        let references = SecretReference.all(in: definition)
        guard !references.isEmpty else { return }
        let stored = Set(try await StoreErrors.mapped(style: .objects) { try await store.secretInfos() }.map(\.name))
        let missing = references.filter { !stored.contains($0.name) }
        guard !missing.isEmpty else { return }
        throw APIError(
            .unprocessableContent,
            missing.map { reference in
                APIError.Problem(
                    "no secret '\(reference.name)' is stored; set it first with 'sundial secrets set \(reference.name)' "
                        + "or PUT /api/v2/secrets/\(reference.name)",
                    pointer: "/data/attributes" + reference.pointer)
            })
    }
}
