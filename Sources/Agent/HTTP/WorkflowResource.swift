import Foundation
import Store
import Workflow

/// A stored workflow as the API shows it: `{"id", "type": "workflows", "attributes", "relationships"}`.
///
/// `webhookSecret` is write-only and never appears.
public enum WorkflowResource {
    /// The `data` member of a get, create or update response.
    /// - Parameters:
    ///   - includeSpec: `false` leaves `spec` out (the list endpoint's default).
    ///   - redactCredentials: hides credentials written literally into step parameters and the callback URL
    ///     (`CredentialRedaction`), for a key that may read but not write: a key that may write gets the workflow
    ///     as stored, so a GET-then-PATCH client keeps it whole.
    public static func data(_ workflow: StoredWorkflow, includeSpec: Bool = true, redactCredentials: Bool = false)
        throws -> JSONValue
    {
        var definition = redactCredentials ? CredentialRedaction.definition(workflow.definition) : workflow.definition
        definition.webhookSecret = nil
        definition.createdAt = JSONResponse.timestamp(workflow.createdAt)
        definition.updatedAt = JSONResponse.timestamp(workflow.updatedAt)
        var attributes = try JSONValue(encoding: definition)
        if !includeSpec, case .object(var members) = attributes {
            members["spec"] = nil
            attributes = .object(members)
        }
        return [
            "id": .string(workflow.id),
            "type": "workflows",
            "attributes": attributes,
            "relationships": [
                "creator": ["data": ["id": .string(workflow.createdBy), "type": "users"]],
                "owner": ["data": ["id": .string(workflow.createdBy), "type": "users"]],
            ],
        ]
    }

    /// `{"data": …}` for one workflow.
    public static func document(_ workflow: StoredWorkflow, redactCredentials: Bool = false) throws -> JSONValue {
        ["data": try data(workflow, redactCredentials: redactCredentials)]
    }
}

extension JSONValue {
    /// `value` encoded and read back as a JSON tree.
    init(encoding value: some Encodable) throws {
        self = try JSONValue(jsonText: JSONResponse.encoder.encode(value))
    }
}
