/// A point in time: whole seconds since 1970-01-01T00:00:00Z.
///
/// Recurrence rules and cron expressions have one-second resolution, so instants are exact integers; there is no
/// floating-point rounding anywhere in the recurrence arithmetic.
public struct Instant: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Seconds since the Unix epoch, UTC (negative before 1970).
    public var secondsSinceEpoch: Int64

    @inlinable
    public init(secondsSinceEpoch: Int64) {
        self.secondsSinceEpoch = secondsSinceEpoch
    }

    @inlinable
    public static func < (lhs: Instant, rhs: Instant) -> Bool {
        lhs.secondsSinceEpoch < rhs.secondsSinceEpoch
    }

    /// The instant `seconds` later (earlier when negative).
    @inlinable
    public func adding(seconds: Int64) -> Instant {
        Instant(secondsSinceEpoch: secondsSinceEpoch + seconds)
    }

    /// The UTC civil date and time of this instant.
    public var utc: CivilDateTime {
        CivilDateTime(secondsSinceLocalEpoch: secondsSinceEpoch)
    }

    /// RFC 3339 in UTC, e.g. `2025-03-30T07:30:00Z`.
    public var description: String {
        utc.rfc3339 + "Z"
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Instant {
    /// The current time, to the second. Only the command line and the agent read the clock; library code takes
    /// instants as arguments.
    public static var now: Instant {
        Instant(secondsSinceEpoch: Int64(time(nil)))
    }
}
