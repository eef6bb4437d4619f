/// The sizes the API refuses past, each answered with a 4xx that names the limit.
public struct AgentLimits: Hashable, Sendable, Codable {
    /// The largest request body, in bytes (413 past it).
    public var maxBodyBytes: Int
    /// The deepest nesting of arrays and objects in a request body (400 past it).
    public var maxJSONDepth: Int
    /// The most steps a workflow may have (422 past it).
    public var maxStepsPerWorkflow: Int
    /// The largest encoded execution output an instance keeps, in bytes; larger outputs fail the execution.
    public var maxOutputBytes: Int

    public init(
        maxBodyBytes: Int = 1 << 20, maxJSONDepth: Int = 64, maxStepsPerWorkflow: Int = 200,
        maxOutputBytes: Int = 1 << 20
    ) {
        self.maxBodyBytes = maxBodyBytes
        self.maxJSONDepth = maxJSONDepth
        self.maxStepsPerWorkflow = maxStepsPerWorkflow
        self.maxOutputBytes = maxOutputBytes
    }

    public init(from decoder: any Decoder) throws {
        let defaults = AgentLimits()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        maxBodyBytes = try container.decodeIfPresent(Int.self, forKey: .maxBodyBytes) ?? defaults.maxBodyBytes
        maxJSONDepth = try container.decodeIfPresent(Int.self, forKey: .maxJSONDepth) ?? defaults.maxJSONDepth
        maxStepsPerWorkflow =
            try container.decodeIfPresent(Int.self, forKey: .maxStepsPerWorkflow) ?? defaults.maxStepsPerWorkflow
        maxOutputBytes = try container.decodeIfPresent(Int.self, forKey: .maxOutputBytes) ?? defaults.maxOutputBytes
    }
}
