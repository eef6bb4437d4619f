/// A Prometheus-style histogram of durations in whole milliseconds: a count per bucket (each observation counted in
/// the first bucket whose upper bound holds it), their number and their sum. A value; `AgentMetrics` keeps it under
/// a lock.
///
/// Whole milliseconds keep the bucket choice and the sum exact: the trigger wheel and `WallClock` tick in them.
public struct LatenessHistogram: Hashable, Sendable {
    /// The buckets' inclusive upper bounds in milliseconds, ascending, without `+Inf`.
    public static let boundsMillis: [Int64] = [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000]

    /// Observations per bucket (not cumulative); the last element counts those above every bound (`+Inf`).
    public private(set) var counts: [Int] = Array(repeating: 0, count: boundsMillis.count + 1)
    /// Observations made.
    public private(set) var count = 0
    /// The sum of the observations, in milliseconds.
    public private(set) var sumMillis: Int64 = 0

    public init() {}

    /// Records one duration; a negative one (a wall clock stepped back) counts as 0.
    /// - Complexity: O(log b) for b buckets.
    public mutating func observe(millis: Int64) {
        let value = max(0, millis)
        var low = 0
        var high = Self.boundsMillis.count
        while low < high {
            let middle = (low + high) / 2
            if Self.boundsMillis[middle] < value { low = middle + 1 } else { high = middle }
        }
        counts[low] += 1
        count += 1
        sumMillis += value
    }

    /// The cumulative counts Prometheus exposes, one per bound and a last one for `+Inf` (equal to `count`).
    public var cumulativeCounts: [Int] {
        var total = 0
        return counts.map { count in
            total += count
            return total
        }
    }
}
