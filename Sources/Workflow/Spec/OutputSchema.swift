/// The outputs a workflow produces when an execution ends; each `value` may be a template.
public struct OutputSchema: Hashable, Sendable, Codable {
    public var parameters: [OutputParameter]?
    public var extra: [String: JSONValue]

    public init(parameters: [OutputParameter]? = nil, extra: [String: JSONValue] = [:]) {
        self.parameters = parameters
        self.extra = extra
    }

    public init(from decoder: any Decoder) throws {
        let reader = try ObjectReader(decoder)
        parameters = try reader.optional("parameters")
        extra = try reader.remaining()
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = ObjectWriter(encoder)
        try writer.write("parameters", parameters)
        try writer.finish(extra: extra)
    }
}

/// One workflow output: its `value` (usually a template such as `{{ Steps.Check.output.status }}`), else its
/// `defaultValue`.
public struct OutputParameter: Hashable, Sendable, Codable {
    public var name: String
    public var type: SchemaParameterType
    public var value: JSONValue?
    public var defaultValue: JSONValue?
    public var description: String?
    public var label: String?
    public var extra: [String: JSONValue]

    public init(
        name: String, type: SchemaParameterType, value: JSONValue? = nil, defaultValue: JSONValue? = nil,
        description: String? = nil, label: String? = nil, extra: [String: JSONValue] = [:]
    ) {
        self.name = name
        self.type = type
        self.value = value
        self.defaultValue = defaultValue
        self.description = description
        self.label = label
        self.extra = extra
    }

    public init(from decoder: any Decoder) throws {
        let reader = try ObjectReader(decoder)
        name = try reader.required("name")
        type = try reader.required("type")
        value = try reader.optional("value")
        defaultValue = try reader.optional("defaultValue")
        description = try reader.optional("description")
        label = try reader.optional("label")
        extra = try reader.remaining()
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = ObjectWriter(encoder)
        try writer.write("name", name)
        try writer.write("type", type)
        try writer.write("value", value)
        try writer.write("defaultValue", defaultValue)
        try writer.write("description", description)
        try writer.write("label", label)
        try writer.finish(extra: extra)
    }
}
