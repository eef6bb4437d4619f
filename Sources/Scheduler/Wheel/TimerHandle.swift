/// Names one armed timer in a `TimerWheel`.
///
/// A handle is a slab index plus the generation the slot had when the timer was armed. Firing or cancelling the
/// timer bumps the slot's generation, so a handle kept after that (a stale handle) no longer matches the slot and
/// can neither cancel nor reschedule whatever timer reuses it.
public struct TimerHandle: Hashable, Sendable, CustomStringConvertible {
    /// The slot in the wheel's slab.
    public let index: UInt32
    /// The slot's generation when the timer was armed.
    public let generation: UInt32

    @inlinable
    public init(index: UInt32, generation: UInt32) {
        self.index = index
        self.generation = generation
    }

    public var description: String { "timer#\(index).\(generation)" }
}

/// A timer that `TimerWheel.advance(to:)` found due.
public struct ExpiredTimer<Value> {
    /// The handle it was armed with; already stale when returned.
    public let handle: TimerHandle
    /// The tick it was armed for (it fires at or after this tick, never before).
    public let deadline: Int64
    /// The payload given to `schedule(at:value:)`.
    public let value: Value

    @inlinable
    public init(handle: TimerHandle, deadline: Int64, value: Value) {
        self.handle = handle
        self.deadline = deadline
        self.value = value
    }
}

extension ExpiredTimer: Sendable where Value: Sendable {}
extension ExpiredTimer: Equatable where Value: Equatable {}
extension ExpiredTimer: Hashable where Value: Hashable {}
