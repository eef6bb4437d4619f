import SundialTesting
import Scheduler
import Testing

@Suite("ExecutionQueue")
struct ExecutionQueueTests {
    @Test("priority first, then fire time, then push order")
    func ordering() {
        var queue = ExecutionQueue<String>()
        queue.push("low", priority: 9, fireTime: 0)
        queue.push("b", priority: 5, fireTime: 200)
        queue.push("a", priority: 5, fireTime: 100)
        queue.push("c", priority: 5, fireTime: 200)
        queue.push("urgent", priority: 1, fireTime: 900)
        var order: [String] = []
        while let next = queue.pop() { order.append(next.id) }
        #expect(order == ["urgent", "a", "b", "c", "low"])
    }

    @Test("a queued execution is removed by id; unknown and duplicate ids are refused")
    func removal() {
        var queue = ExecutionQueue<Int>()
        for id in 0..<10 { queue.push(id, priority: 1 + id % 3, fireTime: Int64(id)) }
        #expect(queue.push(4, priority: 1, fireTime: 0) == nil)
        #expect(queue.remove(4)?.id == 4)
        #expect(queue.remove(4) == nil)
        #expect(!queue.contains(4))
        #expect(queue.count == 9)
        var order: [Int] = []
        while let next = queue.pop() { order.append(next.id) }
        #expect(order == [0, 3, 6, 9, 1, 7, 2, 5, 8])
    }

    @Test("aging is off by default: a stream of urgent work starves the rest")
    func noAgingByDefault() {
        var queue = ExecutionQueue<String>()
        queue.push("old", priority: 9, fireTime: 0)
        queue.push("new", priority: 1, fireTime: 10_000_000)
        #expect(queue.pop(at: 20_000_000)?.id == "new")
    }

    @Test("with aging, waiting raises the effective priority one step per interval")
    func aging() {
        var queue = ExecutionQueue<String>(agingIntervalMillis: 1_000)
        let old = queue.push("old", priority: 9, fireTime: 0)!
        queue.push("new", priority: 2, fireTime: 6_500)
        #expect(queue.effectivePriority(of: old, at: 6_999) == 3)
        #expect(queue.peek(at: 6_999)?.id == "new")
        // At 7 s the old execution counts as priority 2, ties on priority, and fired earlier.
        #expect(queue.pop(at: 7_000)?.id == "old")
        #expect(queue.effectivePriority(of: old, at: 100_000) == 1)
    }

    /// The reference model: an array kept sorted by (priority, fire time, sequence), searched by bisection.
    @Test("random push, pop and remove match a sorted array", arguments: [11 as UInt64, 12])
    func matchesModel(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var queue = ExecutionQueue<Int>()
        var model: [QueuedExecution<Int>] = []
        var queued: [Int: QueuedExecution<Int>] = [:]
        var nextID = 0
        func key(_ e: QueuedExecution<Int>) -> (Int, Int64, UInt64) { (e.priority, e.fireTime, e.sequence) }
        func position(of e: QueuedExecution<Int>) -> Int {
            var low = 0
            var high = model.count
            while low < high {
                let mid = (low + high) / 2
                if key(model[mid]) < key(e) { low = mid + 1 } else { high = mid }
            }
            return low
        }
        for _ in 0..<100_000 {
            switch random.next() % 10 {
            case 0..<4:
                let priority = Int(random.next() % 9) + 1
                let pushed = queue.push(nextID, priority: priority, fireTime: Int64(random.next() % 50))!
                model.insert(pushed, at: position(of: pushed))
                queued[nextID] = pushed
                nextID += 1
            case 4..<7:
                let popped = queue.pop()
                let expected = model.isEmpty ? nil : model.removeFirst()
                #expect(popped == expected)
                if let expected { queued[expected.id] = nil }
            case 7..<9:
                // Any id pushed so far, or one never pushed: queued, popped or removed already.
                let id = Int(random.next() % UInt64(nextID + 2))
                let expected = queued.removeValue(forKey: id)
                if let expected { model.remove(at: position(of: expected)) }
                let removed = queue.remove(id)
                #expect(removed == expected)
            default:
                #expect(queue.peek() == model.first)
            }
            #expect(queue.count == model.count)
        }
        #expect(nextID > 30_000)
    }

    @Test("with aging, pops match a scan for the best aged priority", arguments: [21 as UInt64])
    func agingMatchesModel(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var queue = ExecutionQueue<Int>(agingIntervalMillis: 100)
        var model: [QueuedExecution<Int>] = []
        var now: Int64 = 0
        var nextID = 0
        for _ in 0..<100_000 {
            now += Int64(random.next() % 20)
            if random.next() % 2 == 0 {
                let fireTime = now - Int64(random.next() % 1_000)
                model.append(queue.push(nextID, priority: Int(random.next() % 9) + 1, fireTime: fireTime)!)
                nextID += 1
            } else {
                let best = model.indices.min { a, b in
                    let ka = (queue.effectivePriority(of: model[a], at: now), model[a].fireTime, model[a].sequence)
                    let kb = (queue.effectivePriority(of: model[b], at: now), model[b].fireTime, model[b].sequence)
                    return ka < kb
                }
                #expect(queue.pop(at: now) == best.map { model.remove(at: $0) })
            }
        }
    }
}
