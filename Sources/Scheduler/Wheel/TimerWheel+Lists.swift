/// The intrusive doubly linked lists that hold each slot's timers, threaded through the slab by index.
extension TimerWheel {
    /// Files entry `index` under the slot its deadline falls in, seen from the current tick, or under the
    /// overflow list when the deadline is beyond the wheel's range.
    @inlinable
    mutating func link(_ index: UInt32, deadline: Int64) {
        // A deadline already past is filed in the current tick's slot, which the next advance(to:) expires.
        let effective = UInt64(bitPattern: Swift.max(deadline, now))
        let current = UInt64(bitPattern: now)
        // The highest bit where the deadline differs from now picks the level (at least level 0).
        let differing = (effective ^ current) | UInt64(Self.slotsPerLevel - 1)
        let list: UInt16
        if differing >= Self.range {
            list = Self.overflowList
            overflowCount += 1
            overflowFloor = Swift.min(overflowFloor, Int64(bitPattern: effective))
        } else {
            let level = (63 - differing.leadingZeroBitCount) / Self.slotBits
            let slot = Int((effective >> UInt64(level * Self.slotBits)) & 63)
            occupied[level] |= 1 << UInt64(slot)
            list = UInt16(truncatingIfNeeded: level * Self.slotsPerLevel + slot)
        }
        append(index, to: list)
    }

    /// Appends entry `index` at the tail of `list`, keeping each slot first-in first-out.
    @inlinable
    mutating func append(_ index: UInt32, to list: UInt16) {
        let tail = tails[Int(list)]
        entries[Int(index)].list = list
        entries[Int(index)].previous = tail
        entries[Int(index)].next = Self.none
        if tail == Self.none {
            heads[Int(list)] = index
        } else {
            entries[Int(tail)].next = index
        }
        tails[Int(list)] = index
    }

    /// Removes entry `index` from whichever list holds it.
    @inlinable
    mutating func unlink(_ index: UInt32) {
        let entry = entries[Int(index)]
        let list = Int(entry.list)
        if entry.previous == Self.none {
            heads[list] = entry.next
        } else {
            entries[Int(entry.previous)].next = entry.next
        }
        if entry.next == Self.none {
            tails[list] = entry.previous
        } else {
            entries[Int(entry.next)].previous = entry.previous
        }
        if entry.list == Self.overflowList {
            overflowCount -= 1
            if overflowCount == 0 { overflowFloor = .max }
        } else if heads[list] == Self.none {
            occupied[list / Self.slotsPerLevel] &= ~(1 << UInt64(list % Self.slotsPerLevel))
        }
    }

    /// Detaches a whole list and returns its first entry; the rest follow by `next`.
    @inlinable
    mutating func takeList(_ list: Int) -> UInt32 {
        let head = heads[list]
        heads[list] = Self.none
        tails[list] = Self.none
        return head
    }
}
