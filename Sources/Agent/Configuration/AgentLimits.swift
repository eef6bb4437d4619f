import Workflow

/// The sizes the API refuses past, each answered with a 4xx that names the limit, and the HTTP server's bounds on
/// connections (how many may be open, how long each phase of a request may take).
public struct AgentLimits: Hashable, Sendable, Codable {
    /// The largest request body, in bytes (413 past it).
    public var maxBodyBytes: Int
    /// The deepest nesting of arrays and objects in a request body (400 past it).
    public var maxJSONDepth: Int
    /// The most steps a workflow may have (422 past it).
    public var maxStepsPerWorkflow: Int
    /// The largest encoded execution output an instance keeps, in bytes; larger outputs fail the execution.
    public var maxOutputBytes: Int
    /// The most HTTP connections open at once; `nil` for half the open-file limit (64 to 4,096). At the cap the
    /// oldest idle connection is closed for a new one, and when none is idle the new one is answered 503.
    public var maxConnections: Int?
    /// Seconds a new connection may take to send its first request head.
    public var headTimeoutSeconds: Double
    /// Seconds a request body may go without a byte arriving.
    public var bodyReadTimeoutSeconds: Double
    /// Seconds a keep-alive connection may wait, idle, for its next request.
    public var idleTimeoutSeconds: Double

    public init(
        maxBodyBytes: Int = 1 << 20, maxJSONDepth: Int = 64, maxStepsPerWorkflow: Int = 200,
        maxOutputBytes: Int = 1 << 20, maxConnections: Int? = nil, headTimeoutSeconds: Double = 10,
        bodyReadTimeoutSeconds: Double = 30, idleTimeoutSeconds: Double = 60
    ) {
        self.maxBodyBytes = maxBodyBytes
        self.maxJSONDepth = maxJSONDepth
        self.maxStepsPerWorkflow = maxStepsPerWorkflow
        self.maxOutputBytes = maxOutputBytes
        self.maxConnections = maxConnections
        self.headTimeoutSeconds = headTimeoutSeconds
        self.bodyReadTimeoutSeconds = bodyReadTimeoutSeconds
        self.idleTimeoutSeconds = idleTimeoutSeconds
    }

    public init(from decoder: any Decoder) throws {
        let defaults = AgentLimits()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        maxBodyBytes = try container.decodeIfPresent(Int.self, forKey: .maxBodyBytes) ?? defaults.maxBodyBytes
        maxJSONDepth = try container.decodeIfPresent(Int.self, forKey: .maxJSONDepth) ?? defaults.maxJSONDepth
        maxStepsPerWorkflow =
            try container.decodeIfPresent(Int.self, forKey: .maxStepsPerWorkflow) ?? defaults.maxStepsPerWorkflow
        maxOutputBytes = try container.decodeIfPresent(Int.self, forKey: .maxOutputBytes) ?? defaults.maxOutputBytes
        maxConnections = try container.decodeIfPresent(Int.self, forKey: .maxConnections)
        headTimeoutSeconds =
            try container.decodeIfPresent(Double.self, forKey: .headTimeoutSeconds) ?? defaults.headTimeoutSeconds
        bodyReadTimeoutSeconds =
            try container.decodeIfPresent(Double.self, forKey: .bodyReadTimeoutSeconds)
            ?? defaults.bodyReadTimeoutSeconds
        idleTimeoutSeconds =
            try container.decodeIfPresent(Double.self, forKey: .idleTimeoutSeconds) ?? defaults.idleTimeoutSeconds
    }

    /// The connection cap for a process whose open-file limit is `fileLimit`: `maxConnections`, else half the
    /// limit within 64…4,096, so descriptors stay for the database, callbacks, plugins and shell steps.
    public func connectionCap(fileLimit: Int) -> Int {
        if let maxConnections { return maxConnections }
        return min(4_096, max(64, fileLimit / 2))
    }

    /// Refuses limits the agent cannot run with.
    func check() throws(ConfigurationError) {
        guard maxBodyBytes > 0, maxJSONDepth > 0, maxStepsPerWorkflow > 0, maxOutputBytes > 0 else {
            throw ConfigurationError("every limit must be a positive number")
        }
        guard maxJSONDepth <= OutputLimits.highestDepth else {
            throw ConfigurationError(
                "limits.maxJSONDepth must be 1 to \(OutputLimits.highestDepth), found \(maxJSONDepth)")
        }
        if let maxConnections, maxConnections < 1 {
            throw ConfigurationError("limits.maxConnections must be at least 1, found \(maxConnections)")
        }
        for (name, seconds) in [
            ("headTimeoutSeconds", headTimeoutSeconds), ("bodyReadTimeoutSeconds", bodyReadTimeoutSeconds),
            ("idleTimeoutSeconds", idleTimeoutSeconds),
        ] where !(seconds > 0 && seconds <= 86_400) {
            throw ConfigurationError("limits.\(name) must be more than 0 and at most 86400 seconds, found \(seconds)")
        }
    }
}
