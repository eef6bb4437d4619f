import Foundation
import Workflow

/// An execution as the API shows an instance: `{"data": {"id", "type": "workflow_instances", "attributes": …}}`,
/// the attributes being the whole execution (status, steps with attempts, outputs, statistics, timestamps).
public enum InstanceResource {
    /// The document of `GET /api/v2/workflows/{id}/instances/{iid}`.
    /// The callback URL's password (`user:pass@`) reads `[secret]`.
    public static func document(_ execution: Execution) -> InstanceDocument {
        var shown = execution
        shown.callback = execution.callback.map(CredentialRedaction.url)
        return InstanceDocument(data: InstanceData(id: execution.id, attributes: shown))
    }

    /// `{"data": {"attributes": <execution>}}` as pretty JSON with sorted keys, as `sundial run --json` prints it.
    public static func prettyJSON(_ execution: Execution) throws -> String {
        let encoder = JSONResponse.encoder
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(document(execution)), as: UTF8.self)
    }
}

/// `{"data": …}` around one instance.
public struct InstanceDocument: Codable, Sendable {
    public var data: InstanceData
}

/// One instance: its id, type and the execution.
public struct InstanceData: Codable, Sendable {
    public var id: String
    public var type: String = "workflow_instances"
    public var attributes: Execution

    public init(id: String, attributes: Execution) {
        self.id = id
        self.attributes = attributes
    }
}
