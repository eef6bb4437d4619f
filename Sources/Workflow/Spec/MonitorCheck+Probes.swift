extension MonitorCheck {
    /// `{"url", "expectStatus"?, "bodyContains"?}`: healthy when the response has `expectStatus` (any 2xx when
    /// absent) and, if given, its body contains `bodyContains`.
    public struct HTTPProbe: Hashable, Sendable, Codable {
        public static let members = ["url", "expectStatus", "bodyContains"]

        public var url: String
        public var expectStatus: Int64?
        public var bodyContains: String?
        public var extra: [String: JSONValue]

        public init(
            url: String, expectStatus: Int64? = nil, bodyContains: String? = nil, extra: [String: JSONValue] = [:]
        ) {
            self.url = url
            self.expectStatus = expectStatus
            self.bodyContains = bodyContains
            self.extra = extra
        }

        public init(from decoder: any Decoder) throws {
            let reader = try ObjectReader(decoder)
            url = try reader.required("url")
            expectStatus = try reader.optional("expectStatus")
            bodyContains = try reader.optional("bodyContains")
            extra = try reader.remaining()
        }

        public func encode(to encoder: any Encoder) throws {
            var writer = ObjectWriter(encoder)
            try writer.write("url", url)
            try writer.write("expectStatus", expectStatus)
            try writer.write("bodyContains", bodyContains)
            try writer.finish(extra: extra)
        }
    }

    /// `{"host", "port"}`: healthy when a TCP connection opens within the timeout.
    public struct TCPProbe: Hashable, Sendable, Codable {
        public static let members = ["host", "port"]

        public var host: String
        public var port: Int64
        public var extra: [String: JSONValue]

        public init(host: String, port: Int64, extra: [String: JSONValue] = [:]) {
            self.host = host
            self.port = port
            self.extra = extra
        }

        public init(from decoder: any Decoder) throws {
            let reader = try ObjectReader(decoder)
            host = try reader.required("host")
            port = try reader.required("port")
            extra = try reader.remaining()
        }

        public func encode(to encoder: any Encoder) throws {
            var writer = ObjectWriter(encoder)
            try writer.write("host", host)
            try writer.write("port", port)
            try writer.finish(extra: extra)
        }
    }

    /// `{"argv": ["program", "arg", …]}`: healthy when the program exits 0 within the timeout. An argument vector,
    /// never a shell string.
    public struct CommandProbe: Hashable, Sendable, Codable {
        public static let members = ["argv"]

        public var argv: [String]
        public var extra: [String: JSONValue]

        public init(argv: [String], extra: [String: JSONValue] = [:]) {
            self.argv = argv
            self.extra = extra
        }

        public init(from decoder: any Decoder) throws {
            let reader = try ObjectReader(decoder)
            argv = try reader.required("argv")
            extra = try reader.remaining()
        }

        public func encode(to encoder: any Encoder) throws {
            var writer = ObjectWriter(encoder)
            try writer.write("argv", argv)
            try writer.finish(extra: extra)
        }
    }
}
