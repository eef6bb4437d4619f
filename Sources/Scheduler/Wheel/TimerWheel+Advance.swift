/// Moving time forward: finding the next occupied slot, expiring and cascading.
extension TimerWheel {
    /// The earliest tick at which `advance(to:)` has work: a slot to expire or cascade, or overflow timers to
    /// bring into range. `nil` when no timer is armed.
    ///
    /// It is never later than the earliest armed deadline (exact when that deadline lies in the current
    /// 64-tick span, otherwise the start of the coarser slot holding it, where the wheel cascades it), so a
    /// driver that sleeps until it and advances never fires late.
    /// - Complexity: O(1): at most six bitmap scans.
    @inlinable
    public var nextDeadline: Int64? {
        guard armed > 0 else { return nil }
        let wheel = nextSlot()?.deadline
        guard overflowCount > 0 else { return wheel }
        return Swift.min(wheel ?? .max, overflowFloor)
    }

    /// Moves the current tick to `tick` and returns every timer whose deadline is at or before it.
    ///
    /// Timers come out grouped by tick, earliest first, and first-in first-out within a tick; timers armed
    /// with a deadline already past come out first. A `tick` before `now` changes nothing.
    /// - Complexity: O(expired + cascaded) plus O(1) per occupied slot passed.
    @inlinable
    public mutating func advance(to tick: Int64) -> [ExpiredTimer<Value>] {
        var expired: [ExpiredTimer<Value>] = []
        advance(to: tick, into: &expired)
        return expired
    }

    /// Like `advance(to:)`, appending to `expired` so a driver can reuse one buffer.
    /// - Returns: how many timers were appended.
    @inlinable
    @discardableResult
    public mutating func advance(to tick: Int64, into expired: inout [ExpiredTimer<Value>]) -> Int {
        let before = expired.count
        while armed > 0 {
            let slot = nextSlot()
            let slotDeadline = slot?.deadline ?? .max
            if overflowCount > 0 && overflowFloor <= tick && overflowFloor <= slotDeadline {
                rearmOverflow(at: Swift.max(current, overflowFloor))
                continue
            }
            guard let slot, slot.deadline <= tick else { break }
            process(level: slot.level, slot: slot.slot, deadline: slot.deadline, through: tick, into: &expired)
        }
        // With nothing armed the loop stops early; drop the stale items left behind before time jumps past
        // their slots, which must never lie behind the current tick.
        if armed == 0 { clearLists() }
        current = Swift.max(current, tick)
        return expired.count - before
    }

    /// The earliest occupied slot: the lowest occupied level always holds it, because a timer sits at level
    /// `n` only when it lies beyond the current level-`n − 1` span.
    @inlinable
    func nextSlot() -> (level: Int, slot: Int, deadline: Int64)? {
        let now = UInt64(bitPattern: current)
        for level in 0..<Self.levelCount {
            let occupancy = occupied[level]
            if occupancy == 0 { continue }
            let shift = UInt64(level * Self.slotBits)
            let currentSlot = (now >> shift) & 63
            let rotated = currentSlot == 0 ? occupancy : (occupancy >> currentSlot) | (occupancy << (64 - currentSlot))
            let slot = (UInt64(rotated.trailingZeroBitCount) + currentSlot) & 63
            let levelSpan: UInt64 = 1 << (shift + 6)
            var deadline = (now & ~(levelSpan - 1)) + slot << shift
            // Slots behind the current one belong to the next turn of this level.
            if slot < currentSlot { deadline += levelSpan }
            return (level, Int(slot), Int64(bitPattern: deadline))
        }
        return nil
    }

    /// Empties one slot whose start has come, advancing towards `tick`: timers due by `tick` expire, the rest
    /// cascade to finer levels, stale items are dropped.
    ///
    /// The slot being the earliest occupied one, its timers due by `tick` are the earliest armed anywhere, so
    /// they expire straight from here in deadline order (a stable sort keeps first-in first-out within a tick)
    /// instead of cascading level by level only to expire at once: a driver that advances many ticks at a time
    /// (after a stall, or in batches) files each timer once per level it skips less. A driver that advances to
    /// each `nextDeadline` gets the plain cascade.
    ///
    /// This is the wheel's hot loop (every timer passes through it once per level), so it works on the slab
    /// through a buffer pointer: with no bounds or uniqueness checks the loop body is short enough for the
    /// processor to overlap the cache misses of several entries. Cascading only reads an entry (its item keeps
    /// its stamp and carries the deadline).
    @inlinable
    mutating func process(
        level: Int, slot: Int, deadline: Int64, through tick: Int64, into expired: inout [ExpiredTimer<Value>]
    ) {
        current = Swift.max(current, deadline)
        occupied[level] &= ~(1 << UInt64(slot))
        let list = level * Self.slotsPerLevel + slot
        var items = takeList(list)
        var due = dueScratch
        dueScratch = []
        due.removeAll(keepingCapacity: true)
        // Move the slab out of `self` so the loop can file items into `self.slots` while it holds the buffer.
        var slab = entries
        entries = []
        slab.withUnsafeMutableBufferPointer { slab in
            items.withUnsafeBufferPointer { items in
                for item in items {
                    guard slab[Int(item.index)].stamp == item.stamp else {
                        staleItems -= 1
                        continue
                    }
                    if item.deadline <= tick {
                        due.append(item)
                    } else {
                        slots[occupy(item.deadline)].append(item)
                    }
                }
            }
            if level > 0 && due.count > 1 { due.sort { $0.deadline < $1.deadline } }
            for item in due {
                let index = Int(item.index)
                // Release in place: wheel slots never hold overflow timers.
                let handle = TimerHandle(index: item.index, generation: slab[index].generation)
                expired.append(ExpiredTimer(handle: handle, deadline: item.deadline, value: slab[index].value))
                slab[index].generation &+= 1
                slab[index].stamp &+= 1
                slab[index].list = Self.freeList
                slab[index].deadline = Int64(freeHead)
                freeHead = item.index
                armed -= 1
            }
        }
        entries = slab
        dueScratch = due
        returnBuffer(&items, to: list)
    }

    /// Moves the current tick to `tick` (no later than any armed deadline) and files every overflow timer that
    /// is now within range into the wheel.
    @inlinable
    mutating func rearmOverflow(at tick: Int64) {
        current = tick
        var items = takeList(Int(Self.overflowList))
        defer { returnBuffer(&items, to: Int(Self.overflowList)) }
        overflowCount = 0
        overflowFloor = .max
        for item in items {
            if isLive(item) {
                file(item.index, deadline: item.deadline)
            } else {
                staleItems -= 1
            }
        }
    }
}
