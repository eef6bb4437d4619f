import SundialTesting
import Scheduler
import Testing

/// The wheel against a sorted array of armed timers, over long random operation sequences.
@Suite("TimerWheel property")
struct TimerWheelPropertyTests {
    /// The reference model: armed timers sorted by (deadline, id).
    struct Model {
        var armed: [(deadline: Int64, id: Int)] = []

        mutating func insert(_ deadline: Int64, _ id: Int) {
            armed.insert((deadline, id), at: position(deadline, id))
        }

        mutating func remove(_ deadline: Int64, _ id: Int) {
            let index = position(deadline, id)
            precondition(armed[index].id == id)
            armed.remove(at: index)
        }

        mutating func expire(through tick: Int64) -> [(deadline: Int64, id: Int)] {
            let count = position(tick, .max)
            defer { armed.removeFirst(count) }
            return Array(armed[..<count])
        }

        func position(_ deadline: Int64, _ id: Int) -> Int {
            var low = 0
            var high = armed.count
            while low < high {
                let mid = (low + high) / 2
                if (armed[mid].deadline, armed[mid].id) < (deadline, id) { low = mid + 1 } else { high = mid }
            }
            return low
        }
    }

    static let steps = 120_000

    struct Pair: Comparable {
        let deadline: Int64
        let id: Int

        static func < (lhs: Pair, rhs: Pair) -> Bool { (lhs.deadline, lhs.id) < (rhs.deadline, rhs.id) }
    }

    @Test("random schedule, cancel, reschedule and advance match the model", arguments: [1 as UInt64, 2, 3])
    func matchesModel(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var wheel = TimerWheel<Int>(startingAt: Int64(random.next() % 1_000_000))
        var model = Model()
        var live: [Int: (handle: TimerHandle, deadline: Int64)] = [:]
        var liveIDs: [Int] = []
        var dead: [TimerHandle] = []
        var nextID = 0
        var fired = 0

        func randomDeadline() -> Int64 {
            let now = wheel.now
            switch random.next() % 10 {
            case 0: return now - Int64(random.next() % 5_000)  // already past
            case 1: return now + Int64(random.next() % (1 << 42))  // far past the wheel's range
            case 2: return now + Int64(random.next() % (1 << 30))
            case 3, 4: return now + Int64(random.next() % 100_000)
            default: return now + Int64(random.next() % 200)
            }
        }

        func forget(_ id: Int) {
            let position = liveIDs.firstIndex(of: id)!
            liveIDs.swapAt(position, liveIDs.count - 1)
            liveIDs.removeLast()
            dead.append(live.removeValue(forKey: id)!.handle)
        }

        for _ in 0..<Self.steps {
            switch random.next() % 100 {
            case 0..<40:
                let deadline = randomDeadline()
                let handle = wheel.schedule(at: deadline, value: nextID)
                live[nextID] = (handle, deadline)
                liveIDs.append(nextID)
                model.insert(deadline, nextID)
                nextID += 1
            case 40..<52 where !liveIDs.isEmpty:
                let id = liveIDs[Int(random.next() % UInt64(liveIDs.count))]
                let timer = live[id]!
                #expect(wheel.cancel(timer.handle) == id)
                model.remove(timer.deadline, id)
                forget(id)
            case 52..<60 where !dead.isEmpty:
                // A handle that fired or was cancelled: it must change nothing, even if its slot was reused.
                let stale = dead[Int(random.next() % UInt64(dead.count))]
                let count = wheel.count
                #expect(wheel.cancel(stale) == nil)
                let moved = wheel.reschedule(stale, to: wheel.now + 1)
                #expect(!moved)
                #expect(wheel.count == count)
            case 60..<70 where !liveIDs.isEmpty:
                let id = liveIDs[Int(random.next() % UInt64(liveIDs.count))]
                let timer = live[id]!
                let deadline = randomDeadline()
                let moved = wheel.reschedule(timer.handle, to: deadline)
                #expect(moved)
                model.remove(timer.deadline, id)
                model.insert(deadline, id)
                live[id] = (timer.handle, deadline)
            default:
                let jump: Int64 =
                    switch random.next() % 20 {
                    case 0: Int64(random.next() % (1 << 38))
                    case 1, 2: Int64(random.next() % (1 << 24))
                    default: Int64(random.next() % 300)
                    }
                let before = wheel.now
                let target = before + jump
                let expired = wheel.advance(to: target)
                let expected = model.expire(through: target)
                #expect(expired.count == expected.count)
                let got = expired.map { Pair(deadline: $0.deadline, id: $0.value) }.sorted()
                let want = expected.map { Pair(deadline: $0.deadline, id: $0.id) }
                #expect(got == want)
                // Timers already due at the previous tick come first, then by nondecreasing deadline.
                let fresh = expired.drop(while: { $0.deadline <= before })
                #expect(fresh.allSatisfy { $0.deadline > before })
                #expect(zip(fresh, fresh.dropFirst()).allSatisfy { $0.deadline <= $1.deadline })
                for timer in expired {
                    #expect(live[timer.value]?.handle == timer.handle)
                    forget(timer.value)
                }
                fired += expired.count
                #expect(wheel.now == target)
            }
            #expect(wheel.count == model.armed.count)
            if let earliest = model.armed.first {
                let next = wheel.nextDeadline
                #expect(next != nil && next! >= wheel.now && next! <= Swift.max(earliest.deadline, wheel.now))
            } else {
                #expect(wheel.nextDeadline == nil)
            }
            if dead.count > 4_096 { dead.removeFirst(2_048) }
        }
        #expect(fired > Self.steps / 10)
        // Drain: following nextDeadline alone reaches every remaining timer, each at or after its deadline.
        while let next = wheel.nextDeadline {
            let expired = wheel.advance(to: next)
            #expect(expired.allSatisfy { $0.deadline <= next })
            #expect(expired.map(\.value).sorted() == model.expire(through: next).map(\.id).sorted())
        }
        #expect(model.armed.isEmpty)
    }
}
