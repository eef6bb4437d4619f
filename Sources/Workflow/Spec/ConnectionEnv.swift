/// The connections (credentials) a workflow's steps may use, by environment; steps name one by `connectionLabel`.
public struct ConnectionEnv: Hashable, Sendable, Codable {
    /// Only `default` is defined.
    public var env: String
    public var connections: [Connection]?
    public var connectionGroups: [ConnectionGroup]?
    public var extra: [String: JSONValue]

    public init(
        env: String = "default", connections: [Connection]? = nil,
        connectionGroups: [ConnectionGroup]? = nil, extra: [String: JSONValue] = [:]
    ) {
        self.env = env
        self.connections = connections
        self.connectionGroups = connectionGroups
        self.extra = extra
    }

    public init(from decoder: any Decoder) throws {
        let reader = try ObjectReader(decoder)
        env = try reader.required("env")
        connections = try reader.optional("connections")
        connectionGroups = try reader.optional("connectionGroups")
        extra = try reader.remaining()
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = ObjectWriter(encoder)
        try writer.write("env", env)
        try writer.write("connections", connections)
        try writer.write("connectionGroups", connectionGroups)
        try writer.finish(extra: extra)
    }
}

/// One connection, by id, under the label steps use.
public struct Connection: Hashable, Sendable, Codable {
    public var connectionId: String
    public var label: String
    public var extra: [String: JSONValue]

    public init(connectionId: String, label: String, extra: [String: JSONValue] = [:]) {
        self.connectionId = connectionId
        self.label = label
        self.extra = extra
    }

    public init(from decoder: any Decoder) throws {
        let reader = try ObjectReader(decoder)
        connectionId = try reader.required("connectionId")
        label = try reader.required("label")
        extra = try reader.remaining()
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = ObjectWriter(encoder)
        try writer.write("connectionId", connectionId)
        try writer.write("label", label)
        try writer.finish(extra: extra)
    }
}

/// A group of connections chosen by tags, under the label steps use.
public struct ConnectionGroup: Hashable, Sendable, Codable {
    public var connectionGroupId: String
    public var label: String
    public var tags: [String]
    public var extra: [String: JSONValue]

    public init(connectionGroupId: String, label: String, tags: [String] = [], extra: [String: JSONValue] = [:]) {
        self.connectionGroupId = connectionGroupId
        self.label = label
        self.tags = tags
        self.extra = extra
    }

    public init(from decoder: any Decoder) throws {
        let reader = try ObjectReader(decoder)
        connectionGroupId = try reader.required("connectionGroupId")
        label = try reader.required("label")
        tags = try reader.required("tags")
        extra = try reader.remaining()
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = ObjectWriter(encoder)
        try writer.write("connectionGroupId", connectionGroupId)
        try writer.write("label", label)
        try writer.write("tags", tags)
        try writer.finish(extra: extra)
    }
}
