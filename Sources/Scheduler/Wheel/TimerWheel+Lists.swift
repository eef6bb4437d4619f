/// Filing entries into slot lists, and keeping stale slot items in check.
extension TimerWheel {
    /// Files entry `index` under the slot its deadline falls in, seen from the current tick, or under the
    /// overflow list when the deadline is beyond the wheel's range.
    @inlinable
    mutating func file(_ index: UInt32, deadline: Int64) {
        let list = occupy(deadline)
        let stamp = entries[Int(index)].stamp &+ 1
        entries[Int(index)].stamp = stamp
        entries[Int(index)].list = list == Int(Self.overflowList) ? Self.overflowList : Self.wheelList
        slots[list].append(SlotItem(index: index, stamp: stamp, deadline: deadline))
    }

    /// The list for `deadline` seen from the current tick, marked occupied: the slot at the level of the
    /// highest bit where the two differ, or the overflow list. A deadline already past maps to the current
    /// tick's level-0 slot, which the next `advance(to:)` expires.
    @inlinable
    mutating func occupy(_ deadline: Int64) -> Int {
        let effective = UInt64(bitPattern: Swift.max(deadline, current))
        let differing = (effective ^ UInt64(bitPattern: current)) | UInt64(Self.slotsPerLevel - 1)
        if differing >= Self.range {
            overflowCount += 1
            overflowFloor = Swift.min(overflowFloor, Int64(bitPattern: effective))
            return Int(Self.overflowList)
        }
        let level = (63 - differing.leadingZeroBitCount) / Self.slotBits
        let slot = Int((effective >> UInt64(level * Self.slotBits)) & 63)
        occupied[level] |= 1 << UInt64(slot)
        return level * Self.slotsPerLevel + slot
    }

    /// Whether a slot item still refers to the entry as filed.
    @inlinable
    func isLive(_ item: SlotItem) -> Bool {
        entries[Int(item.index)].stamp == item.stamp
    }

    /// Records that one item went stale, compacting every list once stale items outnumber armed timers two to
    /// one.
    ///
    /// The ratio trades memory for work: a stale item costs 16 bytes, so the lists hold at most 48 bytes of items
    /// per armed timer (plus a small constant), and each compaction reads the entry of every item, which comes to
    /// at most 1.5 reads per cancel.
    @inlinable
    mutating func markStale() {
        staleItems += 1
        if armed == 0 {
            clearLists()
        } else if staleItems > 2 * armed + 64 {
            compactAll()
        }
    }

    /// Drops the stale items of every list: O(items), paid for by the cancels that made two thirds of them
    /// stale.
    @inlinable
    mutating func compactAll() {
        for level in 0..<Self.levelCount {
            var bits = occupied[level]
            while bits != 0 {
                let slot = bits.trailingZeroBitCount
                bits &= bits - 1
                compact(level * Self.slotsPerLevel + slot)
            }
        }
        compact(Int(Self.overflowList))
        staleItems = 0
    }

    /// Drops the stale items of one list.
    @inlinable
    mutating func compact(_ list: Int) {
        var items = slots[list]
        slots[list] = []
        // Through a buffer pointer, the liveness loads of consecutive items overlap instead of queueing.
        entries.withUnsafeBufferPointer { slab in
            items.removeAll { slab[Int($0.index)].stamp != $0.stamp }
        }
        if list == Int(Self.overflowList) {
            if items.isEmpty { overflowFloor = .max }
        } else if items.isEmpty {
            occupied[list / Self.slotsPerLevel] &= ~(1 << UInt64(list % Self.slotsPerLevel))
        }
        slots[list] = items
    }

    /// Empties every list once no timer is armed, so only stale items remain to drop.
    @inlinable
    mutating func clearLists() {
        for level in 0..<Self.levelCount {
            var bits = occupied[level]
            while bits != 0 {
                let slot = bits.trailingZeroBitCount
                bits &= bits - 1
                let list = level * Self.slotsPerLevel + slot
                slots[list].removeAll()
            }
            occupied[level] = 0
        }
        let overflow = Int(Self.overflowList)
        slots[overflow].removeAll()
        staleItems = 0
        overflowFloor = .max
    }

    /// Detaches a whole list so the caller can walk it while filing entries elsewhere.
    @inlinable
    mutating func takeList(_ list: Int) -> [SlotItem] {
        let items = slots[list]
        slots[list] = []
        return items
    }

    /// Gives a walked list's buffer back to its (still empty) list, so slots that fill and empty every few
    /// ticks do not allocate each time; large buffers are freed instead, bounding what idle slots hold.
    @inlinable
    mutating func returnBuffer(_ items: inout [SlotItem], to list: Int) {
        guard items.capacity <= 1_024, slots[list].isEmpty else { return }
        items.removeAll(keepingCapacity: true)
        swap(&items, &slots[list])
    }
}
