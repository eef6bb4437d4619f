/// The queue of pending executions: priority 1 (highest) … 9, and within a priority by fire time, then by push
/// order, so equal-priority work is first-in first-out.
///
/// It keeps one indexed binary heap per priority over a slab of entries, and a dictionary from execution id to
/// slab entry, so push, pop and removal by id (a cancelled execution) are O(log n) and never scan.
///
/// **Aging** (off by default): with `agingIntervalMillis` set, an execution that has waited since its fire time
/// counts one priority higher per interval waited (never above 1) when `pop(at:)` chooses, so a steady stream of
/// high-priority work cannot starve low-priority work forever. Ties in aged priority go to the earlier fire time.
/// Because aging only depends on the fire time, the oldest execution of each priority is the one that gains most,
/// and `pop(at:)` only compares nine heap tops.
public struct ExecutionQueue<ID: Hashable> {
    /// The priorities accepted.
    public static var priorities: ClosedRange<Int> { 1...9 }

    struct Entry {
        var execution: QueuedExecution<ID>
        /// Position in the heap of its priority.
        var position: Int
    }

    var entries: [Entry?] = []
    var freeEntries: [Int] = []
    /// One heap of slab indices per priority (index 0 is priority 1).
    var heaps: [[Int]] = Array(repeating: [], count: 9)
    var index: [ID: Int] = [:]
    var nextSequence: UInt64 = 0

    /// Waiting time (milliseconds) that raises an execution's priority by one when popping, or `nil` for none.
    public var agingIntervalMillis: Int64?

    /// An empty queue.
    /// - Parameter agingIntervalMillis: enables aging (see the type's documentation); `nil`, the default, keeps
    ///   strict priorities.
    public init(agingIntervalMillis: Int64? = nil) {
        precondition(agingIntervalMillis.map { $0 > 0 } ?? true, "the aging interval must be positive")
        self.agingIntervalMillis = agingIntervalMillis
    }

    /// The number of queued executions.
    public var count: Int { index.count }

    /// Whether nothing is queued.
    public var isEmpty: Bool { index.isEmpty }

    /// Whether an execution with this id is queued.
    public func contains(_ id: ID) -> Bool { index[id] != nil }

    /// Queues an execution.
    /// - Parameters:
    ///   - priority: 1 (highest) … 9; callers validate user input before it gets here.
    ///   - fireTime: when its trigger fired, in milliseconds.
    /// - Returns: the queued execution, or `nil` when an execution with this id is already queued.
    /// - Complexity: O(log n).
    @discardableResult
    public mutating func push(_ id: ID, priority: Int = 5, fireTime: Int64) -> QueuedExecution<ID>? {
        precondition(Self.priorities.contains(priority), "priority \(priority) is outside 1...9")
        guard index[id] == nil else { return nil }
        let execution = QueuedExecution(id: id, priority: priority, fireTime: fireTime, sequence: nextSequence)
        nextSequence += 1
        let slot: Int
        if let free = freeEntries.popLast() {
            slot = free
        } else {
            slot = entries.count
            entries.append(nil)
        }
        let heap = priority - 1
        entries[slot] = Entry(execution: execution, position: heaps[heap].count)
        heaps[heap].append(slot)
        index[id] = slot
        siftUp(heap, from: heaps[heap].count - 1)
        return execution
    }

    /// The execution `pop(at:)` would return, without removing it.
    public func peek(at now: Int64 = .min) -> QueuedExecution<ID>? {
        chooseHeap(at: now).map { entries[heaps[$0][0]]!.execution }
    }

    /// Removes and returns the next execution to run.
    /// - Parameter now: the current time in milliseconds; only used for aging.
    /// - Complexity: O(log n).
    public mutating func pop(at now: Int64 = .min) -> QueuedExecution<ID>? {
        guard let heap = chooseHeap(at: now) else { return nil }
        return removeEntry(heaps[heap][0])
    }

    /// Removes a queued execution by id (it was cancelled before it started).
    /// - Returns: the removed execution, or `nil` when none with this id is queued.
    /// - Complexity: O(log n).
    @discardableResult
    public mutating func remove(_ id: ID) -> QueuedExecution<ID>? {
        guard let slot = index[id] else { return nil }
        return removeEntry(slot)
    }

    /// The priority an execution counts as at `now` once aging is applied.
    public func effectivePriority(of execution: QueuedExecution<ID>, at now: Int64) -> Int {
        guard let interval = agingIntervalMillis, now > execution.fireTime else { return execution.priority }
        let steps = (now - execution.fireTime) / interval
        return Int(Swift.max(1, Int64(execution.priority) - steps))
    }

    /// The heap whose top goes next: the best (aged) priority, then the earliest fire time, then push order.
    func chooseHeap(at now: Int64) -> Int? {
        var best: (heap: Int, key: (Int, Int64, UInt64))?
        for heap in 0..<heaps.count where !heaps[heap].isEmpty {
            let top = entries[heaps[heap][0]]!.execution
            if agingIntervalMillis == nil { return heap }
            let key = (effectivePriority(of: top, at: now), top.fireTime, top.sequence)
            if best == nil || key < best!.key { best = (heap, key) }
        }
        return best?.heap
    }
}

extension ExecutionQueue: Sendable where ID: Sendable {}
extension ExecutionQueue.Entry: Sendable where ID: Sendable {}
