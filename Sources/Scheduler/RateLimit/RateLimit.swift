/// A trigger's `rateLimit {count, interval}`: at most `count` fires in any window of `interval`.
public struct RateLimit: Hashable, Sendable, CustomStringConvertible {
    /// The most fires admitted in any window of `intervalMillis`.
    public let count: Int
    /// The window length in milliseconds.
    public let intervalMillis: Int64

    /// A limit of `count` fires per `intervalMillis` milliseconds.
    /// - Throws: `RateLimitError` when `count` is not positive or the interval is not positive.
    public init(count: Int, intervalMillis: Int64) throws(RateLimitError) {
        guard count >= 1 else {
            throw RateLimitError(
                code: "rate_limit.count",
                message: "rateLimit count must be a positive integer, got \(count)",
                value: String(count)
            )
        }
        guard intervalMillis >= 1 else {
            throw RateLimitError(
                code: "rate_limit.interval",
                message: "rateLimit interval must be at least one millisecond, got \(intervalMillis) ms",
                value: String(intervalMillis)
            )
        }
        self.count = count
        self.intervalMillis = intervalMillis
    }

    /// A limit with the interval in the API's duration form, e.g. `"3600s"` or `"0.5s"`.
    /// - Throws: `RateLimitError` when the count is not positive or the interval is not a positive number of
    ///   seconds with at most millisecond precision followed by `s`.
    public init(count: Int, interval: String) throws(RateLimitError) {
        try self.init(count: count, intervalMillis: Self.parseInterval(interval))
    }

    /// The interval in the API's duration form, e.g. `3600s` or `0.5s`.
    public var interval: String {
        let seconds = intervalMillis / 1000
        let millis = intervalMillis % 1000
        guard millis != 0 else { return "\(seconds)s" }
        var fraction = String(millis)
        fraction = String(repeating: "0", count: 3 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(seconds).\(fraction)s"
    }

    public var description: String { "\(count) per \(interval)" }

    /// Parses `"<seconds>[.<fraction>]s"` into milliseconds.
    /// - Throws: `RateLimitError` with code `rate_limit.interval` and a message saying what is accepted.
    public static func parseInterval(_ text: String) throws(RateLimitError) -> Int64 {
        func invalid(_ why: String) -> RateLimitError {
            RateLimitError(
                code: "rate_limit.interval",
                message: "rateLimit interval '\(text)' \(why): expected a positive number of seconds followed by "
                    + "'s', such as '3600s' or '0.5s'",
                value: text
            )
        }
        guard text.hasSuffix("s") else { throw invalid("does not end in 's'") }
        let number = text.dropLast()
        let parts = number.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty,
            whole.allSatisfy({ $0.isASCII && $0.isNumber })
        else { throw invalid("is not a number of seconds") }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard parts.count == 1 || !fraction.isEmpty, fraction.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw invalid("is not a number of seconds")
        }
        let significant = fraction.reversed().drop(while: { $0 == "0" })
        guard significant.count <= 3 else { throw invalid("is finer than a millisecond") }
        // Ten digits of seconds is over three centuries; anything longer is a typo, not a rate limit.
        guard whole.count <= 10, let seconds = Int64(whole) else { throw invalid("is too long") }
        let millisText = String(fraction.prefix(3)) + String(repeating: "0", count: 3 - min(fraction.count, 3))
        let millis = seconds * 1000 + (Int64(millisText) ?? 0)
        guard millis > 0 else { throw invalid("is zero") }
        return millis
    }
}

/// A rate limit the API cannot accept, with a stable code and the offending value.
public struct RateLimitError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable identifier: `rate_limit.count` or `rate_limit.interval`.
    public let code: String
    /// What was wrong and what would be accepted.
    public let message: String
    /// The offending value as given.
    public let value: String

    public init(code: String, message: String, value: String) {
        self.code = code
        self.message = message
        self.value = value
    }

    public var description: String { message }
}
