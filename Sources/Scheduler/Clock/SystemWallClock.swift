#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The host's real-time clock.
///
/// `sleep(untilMillis:)` re-reads the wall clock after every wake-up, so a clock stepped backwards (NTP)
/// extends the wait instead of firing early, and a step forward ends it at the next wake-up.
public struct SystemWallClock: WallClock {
    public init() {}

    /// Milliseconds since the Unix epoch from `CLOCK_REALTIME`.
    public var nowMillis: Int64 { Self.nowNanos / 1_000_000 }

    /// Nanoseconds since the Unix epoch from `CLOCK_REALTIME`.
    public static var nowNanos: Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }

    public func sleep(untilMillis deadline: Int64) async throws {
        let target = deadline * 1_000_000
        while true {
            let remaining = target - Self.nowNanos
            if remaining <= 0 { return }
            try await Task.sleep(for: .nanoseconds(remaining), tolerance: .zero, clock: .continuous)
        }
    }
}
