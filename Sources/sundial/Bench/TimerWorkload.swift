import Scheduler

/// What the timer workload needs from a structure under test.
protocol BenchTimerQueue {
    associatedtype Handle
    init()
    mutating func schedule(at deadline: Int64, value: UInt32) -> Handle
    mutating func cancel(_ handle: Handle) -> Bool
    /// Expires everything due at `tick`, returning how many timers expired and adding their values to `sum`.
    mutating func expire(through tick: Int64, sum: inout UInt64) -> Int
}

extension HeapTimerQueue: BenchTimerQueue {}

/// The timing wheel with a reused expiry buffer, as the agent's driver uses it.
struct BenchWheel: BenchTimerQueue {
    var wheel = TimerWheel<UInt32>()
    var buffer: [ExpiredTimer<UInt32>] = []

    mutating func schedule(at deadline: Int64, value: UInt32) -> TimerHandle {
        wheel.schedule(at: deadline, value: value)
    }

    mutating func cancel(_ handle: TimerHandle) -> Bool {
        wheel.cancel(handle) != nil
    }

    mutating func expire(through tick: Int64, sum: inout UInt64) -> Int {
        buffer.removeAll(keepingCapacity: true)
        let count = wheel.advance(to: tick, into: &buffer)
        for timer in buffer { sum &+= UInt64(timer.value) }
        return count
    }
}

/// Figures from one structure over all rounds.
struct TimerFigures {
    var schedule: [Double] = []
    var cancel: [Double] = []
    var expire: [Double] = []
    /// Total nanoseconds per timer for the whole workload (schedule all, cancel half, expire the rest), per round.
    var total: [Double] = []
    var bytesPerTimer = 0.0
    /// Whole-phase nanoseconds per operation, per round: schedule, cancel, expire.
    var phaseMeans: [(schedule: Double, cancel: Double, expire: Double)] = []
}

/// N timers at random deadlines within a day, half cancelled in random order, the rest expired by advancing
/// through the day; each phase timed in batches with `ContinuousClock`.
struct TimerWorkload {
    let deadlines: [Int64]
    let cancelOrder: [Int]
    static let batch = 10_000
    static let span: Int64 = 86_400_000
    /// Ticks per expiry step: a day in 2,000 steps.
    static let step: Int64 = span / 2_000

    init(timers: Int, seed: UInt64) {
        var random = SplitMix64(seed: seed)
        deadlines = (0..<timers).map { _ in 1 + Int64(random.next() % UInt64(Self.span)) }
        var order = Array(0..<timers)
        order.shuffle(using: &random)
        cancelOrder = Array(order.prefix(timers / 2))
    }

    /// Runs one round on a fresh `Queue`, appending per-operation batch averages to `figures`.
    /// - Parameter measureMemory: also record resident bytes per armed timer after scheduling.
    func run<Queue: BenchTimerQueue>(_: Queue.Type, into figures: inout TimerFigures, measureMemory: Bool) {
        let clock = ContinuousClock()
        // Handles live in memory touched before the first reading, so the delta is the structure alone.
        let handles = UnsafeMutablePointer<Queue.Handle>.allocate(capacity: deadlines.count)
        defer { handles.deallocate() }
        UnsafeMutableRawPointer(handles).initializeMemory(
            as: UInt8.self, repeating: 0, count: deadlines.count * MemoryLayout<Queue.Handle>.stride)
        BenchSupport.releaseFreeMemory()
        var queue = Queue()
        let residentBefore = BenchSupport.residentBytes()
        var total = Duration.zero
        var phase = (schedule: Duration.zero, cancel: Duration.zero, expire: Duration.zero)

        var start = 0
        while start < deadlines.count {
            let end = Swift.min(start + Self.batch, deadlines.count)
            let began = clock.now
            for index in start..<end {
                (handles + index).initialize(
                    to: queue.schedule(at: deadlines[index], value: UInt32(truncatingIfNeeded: index)))
            }
            let elapsed = clock.now - began
            total += elapsed
            phase.schedule += elapsed
            figures.schedule.append(BenchSupport.nanoseconds(elapsed) / Double(end - start))
            start = end
        }
        if measureMemory {
            // Buffers freed while the structure grew are handed back first, since no timer lives in them.
            BenchSupport.releaseFreeMemory()
            let delta = BenchSupport.residentBytes() - residentBefore
            figures.bytesPerTimer = Double(delta) / Double(deadlines.count)
        }

        start = 0
        var cancelled = 0
        while start < cancelOrder.count {
            let end = Swift.min(start + Self.batch, cancelOrder.count)
            let began = clock.now
            for index in cancelOrder[start..<end] where queue.cancel(handles[index]) { cancelled += 1 }
            let elapsed = clock.now - began
            total += elapsed
            phase.cancel += elapsed
            figures.cancel.append(BenchSupport.nanoseconds(elapsed) / Double(end - start))
            start = end
        }

        var tick: Int64 = 0
        var expired = 0
        var sum: UInt64 = 0
        var pending = (count: 0, time: Duration.zero)
        while tick < Self.span {
            tick += Self.step
            let began = clock.now
            let count = queue.expire(through: tick, sum: &sum)
            let elapsed = clock.now - began
            total += elapsed
            phase.expire += elapsed
            expired += count
            pending = (pending.count + count, pending.time + elapsed)
            if pending.count >= Self.batch / 4 || tick >= Self.span {
                if pending.count > 0 {
                    figures.expire.append(BenchSupport.nanoseconds(pending.time) / Double(pending.count))
                }
                pending = (0, .zero)
            }
        }
        figures.total.append(BenchSupport.nanoseconds(total) / Double(deadlines.count))
        figures.phaseMeans.append(
            (
                BenchSupport.nanoseconds(phase.schedule) / Double(deadlines.count),
                BenchSupport.nanoseconds(phase.cancel) / Double(cancelOrder.count),
                BenchSupport.nanoseconds(phase.expire) / Double(expired)
            )
        )
        precondition(
            cancelled == cancelOrder.count && cancelled + expired == deadlines.count && sum > 0,
            "the workload lost timers: \(cancelled) cancelled, \(expired) expired")
    }
}
