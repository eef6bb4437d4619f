/// How often and how long apart a step is retried: Datadog's linear strategy (a fixed interval), or the
/// *extension* exponential strategy with jitter.
public struct RetryStrategy: Hashable, Sendable, Codable {
    public enum Kind: String, SpecEnumeration {
        case linear = "RETRY_STRATEGY_LINEAR"
        /// *Extension*.
        case exponential = "RETRY_STRATEGY_EXPONENTIAL"
    }

    public var kind: Kind
    public var linear: LinearRetry?
    public var exponential: ExponentialRetry?
    public var extra: [String: JSONValue]

    public init(
        kind: Kind, linear: LinearRetry? = nil, exponential: ExponentialRetry? = nil,
        extra: [String: JSONValue] = [:]
    ) {
        self.kind = kind
        self.linear = linear
        self.exponential = exponential
        self.extra = extra
    }

    /// A linear strategy: `maxRetries` retries, `interval` apart.
    public static func linear(interval: String, maxRetries: Double) -> RetryStrategy {
        RetryStrategy(kind: .linear, linear: LinearRetry(interval: interval, maxRetries: maxRetries))
    }

    public init(from decoder: any Decoder) throws {
        let reader = try ObjectReader(decoder)
        kind = try reader.required("kind")
        linear = try reader.optional("linear")
        exponential = try reader.optional("exponential")
        extra = try reader.remaining()
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = ObjectWriter(encoder)
        try writer.write("kind", kind)
        try writer.write("linear", linear)
        try writer.write("exponential", exponential)
        try writer.finish(extra: extra)
    }

    /// How many retries the strategy allows (0 when its settings are missing).
    public var maxRetries: Int {
        let value =
            switch kind {
            case .linear: linear?.maxRetries
            case .exponential: exponential?.maxRetries
            }
        guard let value, value.isFinite, value > 0 else { return 0 }
        return Int(min(value, 1_000_000))
    }

    /// The wait before retry number `retry` (1 for the first retry), or `nil` when retries are exhausted or the
    /// strategy's intervals do not parse.
    /// - Parameter jitterSample: a number in `0..<1` that picks the delay within the jitter range.
    public func delay(beforeRetry retry: Int, jitterSample: Double) -> Duration? {
        guard retry >= 1, retry <= maxRetries else { return nil }
        switch kind {
        case .linear:
            guard let seconds = linear.flatMap({ IntervalText.seconds($0.interval) }) else { return nil }
            return .seconds(seconds)
        case .exponential:
            return exponential?.delay(beforeRetry: retry, jitterSample: jitterSample)
        }
    }
}

/// Datadog's linear retry: `maxRetries` retries, `interval` (`"30s"`) apart.
public struct LinearRetry: Hashable, Sendable, Codable {
    public var interval: String
    public var maxRetries: Double
    public var extra: [String: JSONValue]

    public init(interval: String, maxRetries: Double, extra: [String: JSONValue] = [:]) {
        self.interval = interval
        self.maxRetries = maxRetries
        self.extra = extra
    }

    public init(from decoder: any Decoder) throws {
        let reader = try ObjectReader(decoder)
        interval = try reader.required("interval")
        maxRetries = try reader.required("maxRetries")
        extra = try reader.remaining()
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = ObjectWriter(encoder)
        try writer.write("interval", interval)
        try writer.write("maxRetries", maxRetries)
        try writer.finish(extra: extra)
    }
}
