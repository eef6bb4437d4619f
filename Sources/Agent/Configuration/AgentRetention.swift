import Store

/// How long the agent keeps finished executions, and how many per workflow; the rest are pruned in the background
/// in small batches (`RetentionPruner`). Fires and webhook delivery ids older than `maxAgeDays` go with them.
///
/// ```yaml
/// retention: {maxAgeDays: 30, maxExecutionsPerWorkflow: 10000}
/// ```
public struct AgentRetention: Hashable, Sendable, Codable {
    /// Finished executions that ended more than this many days ago are removed; 0 keeps them for ever.
    public var maxAgeDays: Int
    /// At most this many finished executions per workflow are kept (the newest); `nil` for no such limit.
    public var maxExecutionsPerWorkflow: Int?

    public init(maxAgeDays: Int = 30, maxExecutionsPerWorkflow: Int? = nil) {
        self.maxAgeDays = maxAgeDays
        self.maxExecutionsPerWorkflow = maxExecutionsPerWorkflow
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        maxAgeDays = try container.decodeIfPresent(Int.self, forKey: .maxAgeDays) ?? AgentRetention().maxAgeDays
        maxExecutionsPerWorkflow = try container.decodeIfPresent(Int.self, forKey: .maxExecutionsPerWorkflow)
    }

    /// The store's policy; `nil` when nothing is ever pruned.
    public var policy: RetentionPolicy? {
        guard maxAgeDays > 0 || maxExecutionsPerWorkflow != nil else { return nil }
        return RetentionPolicy(
            maxExecutionsPerWorkflow: maxExecutionsPerWorkflow,
            maxAge: maxAgeDays > 0 ? .seconds(maxAgeDays * 86_400) : nil)
    }

    /// Refuses values that cannot be meant.
    func check() throws(ConfigurationError) {
        guard maxAgeDays >= 0 else {
            throw ConfigurationError("retention.maxAgeDays must be 0 (keep for ever) or more, found \(maxAgeDays)")
        }
        if let maxExecutionsPerWorkflow, maxExecutionsPerWorkflow < 1 {
            throw ConfigurationError(
                "retention.maxExecutionsPerWorkflow must be at least 1 (leave it out for no limit), found "
                    + "\(maxExecutionsPerWorkflow)")
        }
    }
}
