/// A hierarchical timing wheel: one armed timer per active trigger, in integer ticks (milliseconds by convention).
///
/// The layout follows tokio's: six levels of 64 slots, level `n` slot covering `64ⁿ` ticks, so the wheel spans
/// `64⁶` ticks (about 2.2 years of milliseconds) from its current tick. Each level keeps a 64-bit occupancy
/// bitmap, so `nextDeadline` is a few bit operations and a driver sleeps straight to the next occupied slot.
/// Timers in a coarse slot are cascaded to finer levels only when that slot comes due (lazily), keeping exact
/// deadlines. Timers beyond the top level's range wait in an overflow list and are re-armed when time reaches
/// them.
///
/// Storage is a slab: one contiguous array of compact entries (24 bytes for a 4-byte `Value`) with a free list,
/// so arming allocates nothing once the slab has grown and a timer is not a heap object. Each slot is a vector
/// of `(entry, stamp, deadline)` items rather than a linked list. An item carries its deadline, so cascading a
/// slot to finer levels reads and appends items sequentially and never touches the slab: a timer's entry is
/// read once when it is armed, once when it is cancelled and once when it expires, however many levels it
/// passes through (on a large slab each touch is a cache miss, which is what the wheel's time goes to).
/// Cancelling frees the entry at once and leaves its slot item to go stale (its stamp no longer matches); stale
/// items ride along with cascades and are dropped when they come due, and once stale items outnumber armed
/// timers two to one every list is compacted, which keeps cancellation amortized O(1) and memory bounded.
///
/// The payload is a small `BitwiseCopyable` value such as a trigger id: it lives in the slab entry, and a freed
/// entry holds no reference to release.
///
/// The wheel has no notion of wall time: the driver maps its clock to ticks and calls `advance(to:)`.
public struct TimerWheel<Value: BitwiseCopyable> {
    @usableFromInline static var slotBits: Int { 6 }
    @usableFromInline static var slotsPerLevel: Int { 64 }
    @usableFromInline static var levelCount: Int { 6 }
    /// The list index of the overflow list (after the 6 × 64 slot lists).
    @usableFromInline static var overflowList: UInt16 { 384 }
    /// The `list` of an entry filed in one of the wheel's slots.
    @usableFromInline static var wheelList: UInt16 { 0 }
    /// The list index marking a free slab entry.
    @usableFromInline static var freeList: UInt16 { .max }
    /// The end of the free list.
    @usableFromInline static var none: UInt32 { .max }
    /// Deadlines that differ from the current tick at bit 36 or above lie beyond the wheel and go to overflow.
    @usableFromInline static var range: UInt64 { 1 << 36 }

    /// One slab entry: a timer when armed, a free-list link (in `deadline`) when not.
    @usableFromInline
    struct Entry {
        @usableFromInline var deadline: Int64
        /// Bumped when the timer fires or is cancelled, so handles to it go stale.
        @usableFromInline var generation: UInt32
        /// Bumped whenever the entry is filed or freed, so slot items filed earlier go stale.
        @usableFromInline var stamp: UInt32
        /// Where the entry is: `wheelList` (some slot; cascades move its item without updating this), the
        /// overflow list, or `freeList`.
        @usableFromInline var list: UInt16
        @usableFromInline var value: Value

        @inlinable
        init(deadline: Int64, value: Value) {
            self.deadline = deadline
            self.generation = 0
            self.stamp = 0
            self.list = TimerWheel.freeList
            self.value = value
        }
    }

    /// A slot's reference to an entry, valid while the entry's stamp still matches, with the timer's deadline
    /// so cascading needs no slab access.
    @usableFromInline
    struct SlotItem {
        @usableFromInline let deadline: Int64
        @usableFromInline let index: UInt32
        @usableFromInline let stamp: UInt32

        @inlinable
        init(index: UInt32, stamp: UInt32, deadline: Int64) {
            self.deadline = deadline
            self.index = index
            self.stamp = stamp
        }
    }

    @usableFromInline var entries: [Entry] = []
    @usableFromInline var freeHead: UInt32 = TimerWheel.none
    /// The items of each slot and of the overflow list (index 384), in filing order.
    @usableFromInline var slots: [[SlotItem]]
    /// A reused buffer for the timers one slot expires.
    @usableFromInline var dueScratch: [SlotItem] = []
    /// How many items, over all lists, are stale.
    @usableFromInline var staleItems = 0
    /// One occupancy bitmap per level: bit `s` is set when slot `s` holds an item.
    @usableFromInline var occupied: [UInt64]
    /// A lower bound of the overflow list's deadlines.
    @usableFromInline var overflowFloor: Int64 = .max
    /// Armed timers in the overflow list.
    @usableFromInline var overflowCount = 0
    @usableFromInline var current: Int64
    @usableFromInline var armed = 0

    /// An empty wheel whose current tick is `start`.
    /// - Parameter start: the first tick; deadlines before it fire at the next `advance(to:)`.
    public init(startingAt start: Int64 = 0) {
        precondition(start >= 0, "ticks are non-negative")
        current = start
        slots = Array(repeating: [], count: 385)
        occupied = Array(repeating: 0, count: Self.levelCount)
    }

    /// The current tick: every timer due at or before it has been returned by `advance(to:)`.
    @inlinable
    public var now: Int64 { current }

    /// The number of armed timers.
    @inlinable
    public var count: Int { armed }

    /// Whether no timer is armed.
    @inlinable
    public var isEmpty: Bool { armed == 0 }

    /// Bytes of slab storage per timer (one entry); each armed timer also has a 16-byte slot item.
    public static var bytesPerEntry: Int { MemoryLayout<Entry>.stride }

    /// Slot items held, live and stale: at most three per armed timer plus a small constant, however many
    /// timers were cancelled or rescheduled (a memory figure for benchmarks and tests).
    public var storedItems: Int { slots.reduce(0) { $0 + $1.count } }

    /// How many timers the slab holds before it grows.
    public var capacity: Int { entries.capacity }

    /// Reserves slab space for `capacity` timers so arming that many allocates no more slab.
    public mutating func reserveCapacity(_ capacity: Int) {
        entries.reserveCapacity(capacity)
    }

    /// Arms a timer for tick `deadline`.
    ///
    /// A deadline at or before `now` fires at the next `advance(to:)`.
    /// - Returns: the handle that cancels or reschedules this timer until it fires.
    /// - Complexity: O(1) amortized.
    @inlinable
    public mutating func schedule(at deadline: Int64, value: Value) -> TimerHandle {
        let index: UInt32
        if freeHead != Self.none {
            index = freeHead
            freeHead = UInt32(truncatingIfNeeded: entries[Int(index)].deadline)
            entries[Int(index)].deadline = deadline
            entries[Int(index)].value = value
        } else {
            precondition(entries.count < Int(Self.none), "a timer wheel holds at most 2³² − 1 timers")
            index = UInt32(truncatingIfNeeded: entries.count)
            entries.append(Entry(deadline: deadline, value: value))
        }
        armed += 1
        file(index, deadline: deadline)
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
    /// - Complexity: O(1) amortized.
    @inlinable
    @discardableResult
    public mutating func cancel(_ handle: TimerHandle) -> Value? {
        let index = Int(handle.index)
        guard index < entries.count else { return nil }
        let head = freeHead
        // One buffer access for the check and the release: this is a single cache miss on a large slab, and
        // nothing else should add to it.
        let freed = entries.withUnsafeMutableBufferPointer { slab -> (list: UInt16, value: Value)? in
            guard slab[index].generation == handle.generation, slab[index].list != Self.freeList else { return nil }
            let freed = (slab[index].list, slab[index].value)
            slab[index].generation &+= 1
            slab[index].stamp &+= 1
            slab[index].list = Self.freeList
            slab[index].deadline = Int64(head)
            return freed
        }
        guard let freed else { return nil }
        freeHead = handle.index
        armed -= 1
        if freed.list == Self.overflowList { leaveOverflow() }
        markStale()
        return freed.value
    }

    /// Moves an armed timer to a new deadline, keeping its handle valid.
    /// - Returns: `false` when the handle is stale (nothing changes).
    /// - Complexity: O(1) amortized.
    @inlinable
    @discardableResult
    public mutating func reschedule(_ handle: TimerHandle, to deadline: Int64) -> Bool {
        guard contains(handle) else { return false }
        let index = handle.index
        let list = entries[Int(index)].list
        if list == Self.overflowList { leaveOverflow() }
        entries[Int(index)].deadline = deadline
        file(index, deadline: deadline)
        markStale()
        return true
    }

    /// Frees an armed entry: its handles and slot item go stale and it joins the free list.
    @inlinable
    mutating func release(_ index: UInt32) -> Value {
        let entry = entries[Int(index)]
        if entry.list == Self.overflowList { leaveOverflow() }
        entries[Int(index)].generation &+= 1
        entries[Int(index)].stamp &+= 1
        entries[Int(index)].list = Self.freeList
        entries[Int(index)].deadline = Int64(freeHead)
        freeHead = index
        armed -= 1
        return entry.value
    }

    /// Counts one armed timer out of the overflow list; the floor resets with the last one, so a floor left
    /// by cancelled timers never lies behind the current tick.
    @inlinable
    mutating func leaveOverflow() {
        overflowCount -= 1
        if overflowCount == 0 { overflowFloor = .max }
    }
}

extension TimerWheel: Sendable where Value: Sendable {}
extension TimerWheel.Entry: Sendable where Value: Sendable {}
extension TimerWheel.SlotItem: Sendable {}
