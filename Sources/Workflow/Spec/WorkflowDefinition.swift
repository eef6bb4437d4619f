/// A workflow as Datadog's API carries it in `data.attributes`: its name, flags, tags and spec.
///
/// Every type of the spec keeps the JSON members it does not model in `extra`, so decoding then encoding a
/// workflow keeps every field, including ones a later API version adds.
public struct WorkflowDefinition: Hashable, Sendable, Codable {
    public var name: String
    public var description: String?
    /// Automatic triggers (schedule, monitor, webhook, API) fire only for published workflows.
    public var published: Bool?
    public var tags: [String]?
    /// The secret GitHub webhook deliveries are signed with. Write-only: never shown in a response or log.
    public var webhookSecret: String?
    /// RFC 3339 timestamps set by the server.
    public var createdAt: String?
    public var updatedAt: String?
    public var spec: WorkflowSpec
    public var extra: [String: JSONValue]

    public init(
        name: String, description: String? = nil, published: Bool? = nil, tags: [String]? = nil,
        webhookSecret: String? = nil, spec: WorkflowSpec, extra: [String: JSONValue] = [:]
    ) {
        self.name = name
        self.description = description
        self.published = published
        self.tags = tags
        self.webhookSecret = webhookSecret
        self.spec = spec
        self.extra = extra
    }

    public init(from decoder: any Decoder) throws {
        let reader = try ObjectReader(decoder)
        name = try reader.required("name")
        description = try reader.optional("description")
        published = try reader.optional("published")
        tags = try reader.optional("tags")
        webhookSecret = try reader.optional("webhookSecret")
        createdAt = try reader.optional("createdAt")
        updatedAt = try reader.optional("updatedAt")
        spec = try reader.required("spec")
        extra = try reader.remaining()
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = ObjectWriter(encoder)
        try writer.write("name", name)
        try writer.write("description", description)
        try writer.write("published", published)
        try writer.write("tags", tags)
        try writer.write("webhookSecret", webhookSecret)
        try writer.write("createdAt", createdAt)
        try writer.write("updatedAt", updatedAt)
        try writer.write("spec", spec)
        try writer.finish(extra: extra)
    }
}
