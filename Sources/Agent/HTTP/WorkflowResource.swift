import Foundation
import Store
import Workflow

/// A stored workflow as the API shows it: `{"id", "type": "workflows", "attributes", "relationships"}`.
///
/// `webhookSecret` is write-only and never appears.
public enum WorkflowResource {
    /// The `data` member of a get, create or update response.
    /// - Parameter includeSpec: `false` leaves `spec` out (the list endpoint's default).
    public static func data(_ workflow: StoredWorkflow, includeSpec: Bool = true) throws -> JSONValue {
        var definition = workflow.definition
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
    public static func document(_ workflow: StoredWorkflow) throws -> JSONValue {
        ["data": try data(workflow)]
    }
}

extension JSONValue {
    /// `value` encoded and read back as a JSON tree.
    init(encoding value: some Encodable) throws {
        self = try JSONValue(jsonText: JSONResponse.encoder.encode(value))
    }
}
