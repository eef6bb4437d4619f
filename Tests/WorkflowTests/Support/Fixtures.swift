import Foundation
import Testing

@testable import Workflow

/// Loads files from `Fixtures/` and compares documents as JSON trees.
enum Fixtures {
    static func data(_ name: String) throws -> Data {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
        return try Data(contentsOf: url)
    }

    /// The seed's "Create a Workflow" request body.
    static func createRequest() throws -> Data { try data("create-workflow-request.json") }

    /// `data` parsed as a plain JSON tree.
    static func tree(_ data: Data) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: data)
    }

    /// `value` encoded then parsed as a plain JSON tree.
    static func tree(of value: some Encodable) throws -> JSONValue {
        try tree(JSONEncoder().encode(value))
    }

    /// A workflow decoded from a JSON literal (bare attributes or the envelope).
    static func workflow(_ json: String) throws -> WorkflowDefinition {
        try WorkflowDocument.decode(data: Data(json.utf8), format: .json).workflow
    }
}
