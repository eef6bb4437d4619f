import Foundation

/// *Extension*: retry `n` waits `initialInterval × multiplier^(n-1)`, capped at `maxInterval`, then shortened by
/// up to `jitter` (a fraction, 0…1) of itself so that many failing steps do not retry in step.
public struct ExponentialRetry: Hashable, Sendable, Codable {
    public var initialInterval: String
    public var maxRetries: Double
    /// 2 when absent.
    public var multiplier: Double?
    public var maxInterval: String?
    /// 0 when absent.
    public var jitter: Double?
    public var extra: [String: JSONValue]

    public init(
        initialInterval: String, maxRetries: Double, multiplier: Double? = nil, maxInterval: String? = nil,
        jitter: Double? = nil, extra: [String: JSONValue] = [:]
    ) {
        self.initialInterval = initialInterval
        self.maxRetries = maxRetries
        self.multiplier = multiplier
        self.maxInterval = maxInterval
        self.jitter = jitter
        self.extra = extra
    }

    public init(from decoder: any Decoder) throws {
        let reader = try ObjectReader(decoder)
        initialInterval = try reader.required("initialInterval")
        maxRetries = try reader.required("maxRetries")
        multiplier = try reader.optional("multiplier")
        maxInterval = try reader.optional("maxInterval")
        jitter = try reader.optional("jitter")
        extra = try reader.remaining()
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = ObjectWriter(encoder)
        try writer.write("initialInterval", initialInterval)
        try writer.write("maxRetries", maxRetries)
        try writer.write("multiplier", multiplier)
        try writer.write("maxInterval", maxInterval)
        try writer.write("jitter", jitter)
        try writer.finish(extra: extra)
    }

    /// The wait before retry `retry` (1-based), in milliseconds of precision; `nil` when an interval is malformed.
    public func delay(beforeRetry retry: Int, jitterSample: Double) -> Duration? {
        guard let initial = IntervalText.seconds(initialInterval) else { return nil }
        var cap = Double.infinity
        if let maxInterval {
            guard let seconds = IntervalText.seconds(maxInterval) else { return nil }
            cap = Double(seconds)
        }
        let factor = max(multiplier ?? 2, 1)
        var seconds = min(Double(initial) * pow(factor, Double(retry - 1)), cap)
        let spread = min(max(jitter ?? 0, 0), 1)
        seconds -= seconds * spread * min(max(jitterSample, 0), 1)
        return .milliseconds(Int64(min(seconds, 1e12) * 1000))
    }
}

/// Datadog's interval text: a whole, positive number of seconds ending with `s` (`"3600s"`).
public enum IntervalText {
    /// The seconds in `text`, or `nil` when it is not digits followed by `s`, or is zero.
    public static func seconds(_ text: String) -> Int64? {
        guard text.count >= 2, text.hasSuffix("s") else { return nil }
        let digits = text.dropLast()
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int64(digits), value > 0 else {
            return nil
        }
        return value
    }

    /// What an interval must look like, for messages.
    public static let expectation = "a positive whole number of seconds ending with \"s\", such as \"30s\" or \"3600s\""
}
