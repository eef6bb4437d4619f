/// An exact sliding-window limiter for one trigger: a fire at time `t` is admitted only when fewer than
/// `limit.count` fires were admitted in `(t − interval, t]`, for every `t`, not only on aligned windows.
///
/// It keeps the times of the last `count` admitted fires in a ring (8 bytes each, allocated as fires arrive),
/// which is exactly what the rule needs: the window holds `count` fires if and only if the oldest of the last
/// `count` is still inside it.
public struct RateLimiter: Hashable, Sendable {
    /// The rule enforced.
    public let limit: RateLimit
    /// Admitted fire times, oldest at `start` once the ring is full.
    private var ring: [Int64] = []
    private var start = 0

    /// A limiter with no fire admitted yet.
    public init(limit: RateLimit) {
        self.limit = limit
    }

    /// Rebuilds a limiter after a restart from the stored times (milliseconds) of fires admitted earlier.
    /// - Parameter admitted: admitted fire times in any order; only the latest `limit.count` matter.
    public init(limit: RateLimit, admitted: some Sequence<Int64>) {
        self.limit = limit
        ring = Array(admitted.sorted().suffix(limit.count))
    }

    /// The admitted fire times the limiter remembers, oldest first (at most `limit.count`).
    public var admittedTimes: [Int64] {
        Array(ring[start...] + ring[..<start])
    }

    /// Whether a fire at `time` would be admitted, without recording it.
    public func wouldAdmit(at time: Int64) -> Bool {
        guard ring.count == limit.count else { return true }
        return ring[start] <= time - limit.intervalMillis
    }

    /// Admits and records a fire at `time` (milliseconds) if the window allows it.
    ///
    /// Times are expected in non-decreasing order, as a monotonic driver gives them; that is what makes the
    /// oldest remembered fire the one that decides.
    /// - Returns: `true` when admitted.
    /// - Complexity: O(1).
    public mutating func admit(at time: Int64) -> Bool {
        if ring.count < limit.count {
            ring.append(time)
            return true
        }
        guard ring[start] <= time - limit.intervalMillis else { return false }
        ring[start] = time
        start = (start + 1) % ring.count
        return true
    }

    /// The earliest time at or after `time` when a fire would be admitted.
    public func nextAdmission(after time: Int64) -> Int64 {
        guard ring.count == limit.count else { return time }
        return Swift.max(time, ring[start] + limit.intervalMillis)
    }
}
