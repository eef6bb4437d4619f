import Foundation

/// A workflow file or request body: Datadog's envelope `{"data": {"type": "workflows", "id"?, "attributes": …}}`,
/// or, in files people write by hand, the bare attributes `{"name": …, "spec": …}`.
public struct WorkflowDocument: Hashable, Sendable, Codable {
    /// The workflow id (`data.id`); absent in a create request.
    public var id: String?
    /// `workflows`.
    public var type: String
    public var workflow: WorkflowDefinition
    /// `data.relationships` (creator, owner), kept as it came.
    public var relationships: JSONValue?
    /// Unknown members of `data`.
    public var dataExtra: [String: JSONValue]
    /// Unknown members beside `data`.
    public var extra: [String: JSONValue]

    public init(
        id: String? = nil, type: String = "workflows", workflow: WorkflowDefinition,
        relationships: JSONValue? = nil, dataExtra: [String: JSONValue] = [:],
        extra: [String: JSONValue] = [:]
    ) {
        self.id = id
        self.type = type
        self.workflow = workflow
        self.relationships = relationships
        self.dataExtra = dataExtra
        self.extra = extra
    }

    /// The encodings a workflow file may use.
    public enum Format: String, Sendable, CaseIterable {
        case json, yaml

        /// The format a file name implies: `.yaml`/`.yml` are YAML, anything else JSON.
        public init(fileName: String) {
            let lower = fileName.lowercased()
            self = lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") ? .yaml : .json
        }
    }

    /// Decodes a workflow from JSON or YAML, enveloped or bare.
    /// - Throws: `ValidationError` with one issue pointing at the member that could not be read, or at `""` when
    ///   the text is not JSON/YAML at all.
    public static func decode(data: Data, format: Format) throws(ValidationError) -> WorkflowDocument {
        let tree: JSONValue
        do {
            tree =
                switch format {
                case .json: try JSONValue(jsonText: data, duplicateMembers: .reject)
                case .yaml: try YAMLTree.parse(data)
                }
        } catch {
            throw ValidationError(issues: [
                ValidationIssue(
                    pointer: "", code: "document.syntax",
                    message: "the file is not valid \(format.rawValue.uppercased()): \(DecodingProblem.describe(error))"
                )
            ])
        }
        return try decode(tree: tree)
    }

    /// Reads a workflow file, choosing JSON or YAML by its extension (`.yaml`/`.yml` are YAML).
    /// - Throws: `ValidationError`; a file that cannot be read is an issue at `""` naming the path.
    public static func load(contentsOf url: URL) throws(ValidationError) -> WorkflowDocument {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ValidationError(issues: [
                ValidationIssue(
                    pointer: "", code: "document.read",
                    message:
                        "cannot read \(url.path): \(error.localizedDescription)")
            ])
        }
        return try decode(data: data, format: Format(fileName: url.lastPathComponent))
    }

    /// Decodes a workflow from an already parsed JSON tree, enveloped or bare.
    public static func decode(tree: JSONValue) throws(ValidationError) -> WorkflowDocument {
        do {
            let data = try JSONEncoder().encode(tree)
            if tree["data"] != nil {
                return try JSONDecoder().decode(WorkflowDocument.self, from: data)
            }
            return WorkflowDocument(workflow: try JSONDecoder().decode(WorkflowDefinition.self, from: data))
        } catch {
            throw ValidationError(issues: [
                DecodingProblem.issue(for: error, in: tree, under: tree["data"] != nil ? "" : nil)
            ])
        }
    }

    /// The document as Datadog JSON (sorted keys, so that files diff well).
    public func encodedJSON(pretty: Bool = true) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys]
        return try encoder.encode(self)
    }

    public init(from decoder: any Decoder) throws {
        let top = try ObjectReader(decoder)
        let data = try top.required("data", as: Envelope.self)
        extra = try top.remaining()
        id = data.id
        type = data.type
        workflow = data.attributes
        relationships = data.relationships
        dataExtra = data.extra
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = ObjectWriter(encoder)
        try writer.write(
            "data",
            Envelope(
                id: id, type: type, attributes: workflow, relationships: relationships,
                extra: dataExtra))
        try writer.finish(extra: extra)
    }

    /// The `data` member.
    private struct Envelope: Codable {
        var id: String?
        var type: String
        var attributes: WorkflowDefinition
        var relationships: JSONValue?
        var extra: [String: JSONValue]

        init(
            id: String?, type: String, attributes: WorkflowDefinition, relationships: JSONValue?,
            extra: [String: JSONValue]
        ) {
            self.id = id
            self.type = type
            self.attributes = attributes
            self.relationships = relationships
            self.extra = extra
        }

        init(from decoder: any Decoder) throws {
            let reader = try ObjectReader(decoder)
            id = try reader.optional("id")
            type = try reader.optional("type") ?? "workflows"
            attributes = try reader.required("attributes")
            relationships = try reader.optional("relationships")
            extra = try reader.remaining()
        }

        func encode(to encoder: any Encoder) throws {
            var writer = ObjectWriter(encoder)
            try writer.write("id", id)
            try writer.write("type", type)
            try writer.write("attributes", attributes)
            try writer.write("relationships", relationships)
            try writer.finish(extra: extra)
        }
    }
}
