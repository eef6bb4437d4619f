import HeapModule

/// The baseline the timing wheel is measured against: a binary min-heap (swift-collections `Heap`) of
/// deadlines with the same operations and the same handle discipline (slot plus generation). Cancelling is
/// O(1) by bumping the slot's generation; the heap drops cancelled entries as they reach the top, which is the
/// usual way to cancel in a heap without an index.
struct HeapTimerQueue {
    struct Item: Comparable {
        let deadline: Int64
        let index: UInt32
        let generation: UInt32

        static func < (lhs: Item, rhs: Item) -> Bool {
            (lhs.deadline, lhs.index) < (rhs.deadline, rhs.index)
        }
    }

    struct Handle {
        let index: UInt32
        let generation: UInt32
    }

    private var heap = Heap<Item>()
    private var generations: [UInt32] = []
    private var values: [UInt32] = []
    private var free: [UInt32] = []

    mutating func schedule(at deadline: Int64, value: UInt32) -> Handle {
        let index: UInt32
        if let reused = free.popLast() {
            index = reused
            values[Int(index)] = value
        } else {
            index = UInt32(generations.count)
            generations.append(0)
            values.append(value)
        }
        let generation = generations[Int(index)]
        heap.insert(Item(deadline: deadline, index: index, generation: generation))
        return Handle(index: index, generation: generation)
    }

    mutating func cancel(_ handle: Handle) -> Bool {
        guard generations[Int(handle.index)] == handle.generation else { return false }
        generations[Int(handle.index)] &+= 1
        free.append(handle.index)
        return true
    }

    /// Pops every entry due at `tick`; returns how many live timers expired and adds their values to `sum`.
    mutating func expire(through tick: Int64, sum: inout UInt64) -> Int {
        var expired = 0
        while let top = heap.min, top.deadline <= tick {
            heap.removeMin()
            guard generations[Int(top.index)] == top.generation else { continue }
            generations[Int(top.index)] &+= 1
            free.append(top.index)
            sum &+= UInt64(values[Int(top.index)])
            expired += 1
        }
        return expired
    }
}
