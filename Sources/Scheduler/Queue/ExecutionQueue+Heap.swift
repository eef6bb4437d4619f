/// The indexed binary heaps under `ExecutionQueue`: each heap holds slab indices, and each slab entry remembers
/// its heap position so an execution can be removed from the middle in O(log n).
extension ExecutionQueue {
    /// Removes slab entry `slot` from its heap, the id index and the slab.
    mutating func removeEntry(_ slot: Int) -> QueuedExecution<ID> {
        let entry = entries[slot]!
        let heap = entry.execution.priority - 1
        let position = entry.position
        let last = heaps[heap].count - 1
        if position != last {
            swapAt(heap, position, last)
        }
        heaps[heap].removeLast()
        if position < heaps[heap].count {
            siftDown(heap, from: position)
            siftUp(heap, from: position)
        }
        entries[slot] = nil
        freeEntries.append(slot)
        index[entry.execution.id] = nil
        return entry.execution
    }

    mutating func siftUp(_ heap: Int, from start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard precedes(heap, child, parent) else { return }
            swapAt(heap, child, parent)
            child = parent
        }
    }

    mutating func siftDown(_ heap: Int, from start: Int) {
        var parent = start
        let count = heaps[heap].count
        while true {
            let left = 2 * parent + 1
            guard left < count else { return }
            let right = left + 1
            let child = right < count && precedes(heap, right, left) ? right : left
            guard precedes(heap, child, parent) else { return }
            swapAt(heap, child, parent)
            parent = child
        }
    }

    func precedes(_ heap: Int, _ a: Int, _ b: Int) -> Bool {
        entries[heaps[heap][a]]!.execution.precedes(entries[heaps[heap][b]]!.execution)
    }

    mutating func swapAt(_ heap: Int, _ a: Int, _ b: Int) {
        heaps[heap].swapAt(a, b)
        entries[heaps[heap][a]]!.position = a
        entries[heaps[heap][b]]!.position = b
    }
}
