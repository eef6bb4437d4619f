/// The inputs a workflow takes; a run's payload is checked against it and its defaults are applied
/// (see `InputSchema.resolve(_:)`).
public struct InputSchema: Hashable, Sendable, Codable {
    public var parameters: [InputParameter]?
    public var extra: [String: JSONValue]

    public init(parameters: [InputParameter]? = nil, extra: [String: JSONValue] = [:]) {
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

/// One workflow input.
public struct InputParameter: Hashable, Sendable, Codable {
    public var name: String
    public var type: SchemaParameterType
    /// When set, the value must be one of these (an array), unless `allowExtraValues` is true.
    public var allowedValues: JSONValue?
    public var allowExtraValues: Bool?
    public var defaultValue: JSONValue?
    public var description: String?
    public var label: String?
    public var extra: [String: JSONValue]

    public init(
        name: String, type: SchemaParameterType, allowedValues: JSONValue? = nil,
        allowExtraValues: Bool? = nil, defaultValue: JSONValue? = nil, description: String? = nil,
        label: String? = nil, extra: [String: JSONValue] = [:]
    ) {
        self.name = name
        self.type = type
        self.allowedValues = allowedValues
        self.allowExtraValues = allowExtraValues
        self.defaultValue = defaultValue
        self.description = description
        self.label = label
        self.extra = extra
    }

    public init(from decoder: any Decoder) throws {
        let reader = try ObjectReader(decoder)
        name = try reader.required("name")
        type = try reader.required("type")
        allowedValues = try reader.optional("allowedValues")
        allowExtraValues = try reader.optional("allowExtraValues")
        defaultValue = try reader.optional("defaultValue")
        description = try reader.optional("description")
        label = try reader.optional("label")
        extra = try reader.remaining()
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = ObjectWriter(encoder)
        try writer.write("name", name)
        try writer.write("type", type)
        try writer.write("allowedValues", allowedValues)
        try writer.write("allowExtraValues", allowExtraValues)
        try writer.write("defaultValue", defaultValue)
        try writer.write("description", description)
        try writer.write("label", label)
        try writer.finish(extra: extra)
    }
}
