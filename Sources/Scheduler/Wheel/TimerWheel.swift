/// A hierarchical timing wheel: one armed timer per active trigger, in integer ticks (milliseconds by convention).
///
/// The layout follows tokio's: six levels of 64 slots, level `n` slot covering `64ⁿ` ticks, so the wheel spans
/// `64⁶` ticks (about 2.2 years of milliseconds) from its current tick. Each level keeps a 64-bit occupancy
/// bitmap, so `nextDeadline` is a few bit operations and a driver sleeps straight to the next occupied slot.
/// Timers in a coarse slot are cascaded to finer levels only when that slot comes due (lazily), keeping exact
/// deadlines. Timers beyond the top level's range wait in an overflow list and are re-armed when time reaches
/// them.
///
/// Timers live in a slab: one contiguous array of compact entries linked by 32-bit indices, with a free list,
/// so arming a timer allocates nothing once the slab has grown, and a timer costs one entry (32 bytes for a
/// 4-byte `Value`) rather than a heap object.
///
/// The wheel has no notion of wall time: the driver maps its clock to ticks and calls `advance(to:)`.
public struct TimerWheel<Value> {
    @usableFromInline static var slotBits: Int { 6 }
    @usableFromInline static var slotsPerLevel: Int { 64 }
    @usableFromInline static var levelCount: Int { 6 }
    /// The list index of the overflow list (after the 6 × 64 slot lists).
    @usableFromInline static var overflowList: UInt16 { 384 }
    /// The list index marking a free slab entry.
    @usableFromInline static var freeList: UInt16 { .max }
    /// The end of a linked list.
    @usableFromInline static var none: UInt32 { .max }
    /// Ticks covered by the whole wheel: deadlines whose distance from the current tick reaches past this (in the
    /// sense of differing above bit 36) go to the overflow list.
    @usableFromInline static var range: UInt64 { 1 << 36 }

    /// One slab entry: a timer when armed, a free-list link when not.
    @usableFromInline
    struct Entry {
        @usableFromInline var deadline: Int64
        @usableFromInline var previous: UInt32
        @usableFromInline var next: UInt32
        @usableFromInline var generation: UInt32
        /// Which list holds the entry: a slot (`level * 64 + slot`), the overflow list, or `freeList`.
        @usableFromInline var list: UInt16
        @usableFromInline var value: Value?

        @inlinable
        init(deadline: Int64, generation: UInt32, value: Value) {
            self.deadline = deadline
            self.previous = TimerWheel.none
            self.next = TimerWheel.none
            self.generation = generation
            self.list = TimerWheel.freeList
            self.value = value
        }
    }

    @usableFromInline var entries: [Entry] = []
    @usableFromInline var freeHead: UInt32 = TimerWheel.none
    /// Head and tail of each slot list and of the overflow list (index 384).
    @usableFromInline var heads: [UInt32]
    @usableFromInline var tails: [UInt32]
    /// One occupancy bitmap per level: bit `s` is set when slot `s` holds a timer.
    @usableFromInline var occupied: [UInt64]
    /// A lower bound of the overflow list's deadlines (exact until a cancel removes the earliest).
    @usableFromInline var overflowFloor: Int64 = .max
    @usableFromInline var overflowCount = 0
    @usableFromInline var current: Int64
    @usableFromInline var armed = 0

    /// The current tick: every timer due at or before it has been returned by `advance(to:)`.
    @inlinable
    public var now: Int64 { current }

    /// The number of armed timers.
    @inlinable
    public var count: Int { armed }

    /// An empty wheel whose current tick is `start`.
    /// - Parameter start: the first tick; deadlines before it fire at the next `advance(to:)`.
    public init(startingAt start: Int64 = 0) {
        precondition(start >= 0, "ticks are non-negative")
        current = start
        heads = Array(repeating: Self.none, count: 385)
        tails = Array(repeating: Self.none, count: 385)
        occupied = Array(repeating: 0, count: Self.levelCount)
    }

    /// Whether no timer is armed.
    @inlinable
    public var isEmpty: Bool { armed == 0 }

    /// Bytes of slab storage per timer (one entry), the wheel's per-timer memory cost.
    public static var bytesPerEntry: Int { MemoryLayout<Entry>.stride }

    /// How many timers the slab holds before it grows.
    public var capacity: Int { entries.capacity }

    /// Reserves slab space for `capacity` timers so arming that many allocates nothing more.
    public mutating func reserveCapacity(_ capacity: Int) {
        entries.reserveCapacity(capacity)
    }

    /// Arms a timer for tick `deadline`.
    ///
    /// A deadline at or before `now` fires at the next `advance(to:)`.
    /// - Returns: the handle that cancels or reschedules this timer until it fires.
    /// - Complexity: O(1) (amortized O(1) while the slab grows).
    @inlinable
    public mutating func schedule(at deadline: Int64, value: Value) -> TimerHandle {
        let index: UInt32
        if freeHead != Self.none {
            index = freeHead
            freeHead = entries[Int(index)].next
            entries[Int(index)].deadline = deadline
            entries[Int(index)].value = value
        } else {
            precondition(entries.count < Int(Self.none), "a timer wheel holds at most 2³² − 1 timers")
            index = UInt32(truncatingIfNeeded: entries.count)
            entries.append(Entry(deadline: deadline, generation: 0, value: value))
        }
        armed += 1
        link(index, deadline: deadline)
        return TimerHandle(index: index, generation: entries[Int(index)].generation)
    }

    /// Whether `handle` names a timer that is still armed.
    @inlinable
    public func contains(_ handle: TimerHandle) -> Bool {
        let index = Int(handle.index)
        return index < entries.count && entries[index].generation == handle.generation
            && entries[index].list != Self.freeList
    }

    /// The deadline of the armed timer `handle`, or `nil` when it fired, was cancelled or is stale.
    @inlinable
    public func deadline(of handle: TimerHandle) -> Int64? {
        contains(handle) ? entries[Int(handle.index)].deadline : nil
    }

    /// The payload of the armed timer `handle`, or `nil` when it fired, was cancelled or is stale.
    @inlinable
    public func value(of handle: TimerHandle) -> Value? {
        contains(handle) ? entries[Int(handle.index)].value : nil
    }

    /// Disarms a timer.
    /// - Returns: its payload, or `nil` when the handle is stale (the timer fired or was cancelled already), in
    ///   which case nothing changes.
    /// - Complexity: O(1).
    @inlinable
    @discardableResult
    public mutating func cancel(_ handle: TimerHandle) -> Value? {
        guard contains(handle) else { return nil }
        let index = handle.index
        unlink(index)
        return release(index)
    }

    /// Moves an armed timer to a new deadline, keeping its handle valid.
    /// - Returns: `false` when the handle is stale (nothing changes).
    /// - Complexity: O(1).
    @inlinable
    @discardableResult
    public mutating func reschedule(_ handle: TimerHandle, to deadline: Int64) -> Bool {
        guard contains(handle) else { return false }
        unlink(handle.index)
        entries[Int(handle.index)].deadline = deadline
        link(handle.index, deadline: deadline)
        return true
    }

    /// Returns an unlinked entry to the free list, bumping its generation so old handles go stale.
    @inlinable
    mutating func release(_ index: UInt32) -> Value {
        let value = entries[Int(index)].value.unsafelyUnwrapped
        entries[Int(index)].value = nil
        entries[Int(index)].generation &+= 1
        entries[Int(index)].list = Self.freeList
        entries[Int(index)].next = freeHead
        freeHead = index
        armed -= 1
        return value
    }
}

extension TimerWheel: Sendable where Value: Sendable {}
extension TimerWheel.Entry: Sendable where Value: Sendable {}
