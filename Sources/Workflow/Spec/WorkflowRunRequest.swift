/// The body of `POST /api/v2/workflows/{id}/instances`: Datadog's `{"meta": {"payload": {…}}}`, with the
/// *extensions* a run may carry (Onedata's `callback` and `logLevel`, a priority, run properties).
public struct WorkflowRunRequest: Hashable, Sendable, Codable {
    public var meta: Meta
    public var extra: [String: JSONValue]

    public init(meta: Meta = Meta(), extra: [String: JSONValue] = [:]) {
        self.meta = meta
        self.extra = extra
    }

    public init(from decoder: any Decoder) throws {
        let reader = try ObjectReader(decoder)
        meta = try reader.optional("meta") ?? Meta()
        extra = try reader.remaining()
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = ObjectWriter(encoder)
        try writer.write("meta", meta)
        try writer.finish(extra: extra)
    }

    /// The `meta` member.
    public struct Meta: Hashable, Sendable, Codable {
        /// The workflow's inputs, checked against its `inputSchema`.
        public var payload: JSONValue?
        /// *Extension*: the URL notified with the execution's final state.
        public var callback: String?
        /// *Extension*: 1 (highest) … 9 (lowest); 5 when absent.
        public var priority: Int?
        /// *Extension*: the least severe log level kept; `info` when absent.
        public var logLevel: LogLevel?
        /// *Extension*: initial run properties.
        public var properties: [String: JSONValue]?
        public var extra: [String: JSONValue]

        public init(
            payload: JSONValue? = nil, callback: String? = nil, priority: Int? = nil,
            logLevel: LogLevel? = nil, properties: [String: JSONValue]? = nil,
            extra: [String: JSONValue] = [:]
        ) {
            self.payload = payload
            self.callback = callback
            self.priority = priority
            self.logLevel = logLevel
            self.properties = properties
            self.extra = extra
        }

        public init(from decoder: any Decoder) throws {
            let reader = try ObjectReader(decoder)
            payload = try reader.optional("payload")
            callback = try reader.optional("callback")
            priority = try reader.optional("priority")
            logLevel = try reader.optional("logLevel")
            properties = try reader.optional("properties")
            extra = try reader.remaining()
        }

        public func encode(to encoder: any Encoder) throws {
            var writer = ObjectWriter(encoder)
            try writer.write("payload", payload)
            try writer.write("callback", callback)
            try writer.write("priority", priority)
            try writer.write("logLevel", logLevel)
            try writer.write("properties", properties)
            try writer.finish(extra: extra)
        }
    }
}
