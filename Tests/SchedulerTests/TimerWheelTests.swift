import SundialTesting
import Scheduler
import Testing

@Suite("TimerWheel")
struct TimerWheelTests {
    @Test("a timer fires exactly at its deadline, not a tick before")
    func firesOnTime() {
        var wheel = TimerWheel<Int>()
        let handle = wheel.schedule(at: 1_000, value: 7)
        #expect(wheel.advance(to: 999).isEmpty)
        #expect(wheel.contains(handle))
        let expired = wheel.advance(to: 1_000)
        #expect(expired == [ExpiredTimer(handle: handle, deadline: 1_000, value: 7)])
        #expect(wheel.isEmpty)
        #expect(!wheel.contains(handle))
    }

    @Test("expired timers come out by deadline, first-in first-out within a tick")
    func orderWithinAndAcrossTicks() {
        var wheel = TimerWheel<Int>()
        for (value, deadline) in [(1, 5_000), (2, 70), (3, 5_000), (4, 70), (5, 300_000)] {
            _ = wheel.schedule(at: Int64(deadline), value: value)
        }
        #expect(wheel.advance(to: 1_000_000).map(\.value) == [2, 4, 1, 3, 5])
    }

    @Test("nextDeadline is exact within the current 64-tick span and never after the earliest deadline")
    func nextDeadline() {
        var wheel = TimerWheel<Int>(startingAt: 100)
        #expect(wheel.nextDeadline == nil)
        _ = wheel.schedule(at: 120, value: 0)
        #expect(wheel.nextDeadline == 120)
        _ = wheel.schedule(at: 130, value: 2)
        #expect(wheel.nextDeadline == 120)
        _ = wheel.schedule(at: 90_000, value: 1)
        #expect(wheel.advance(to: 120).map(\.value) == [0])
        // 130 lies in the next 64-tick span: the wheel wakes at that span's start (128) to cascade it.
        #expect(wheel.nextDeadline == 128)
        #expect(wheel.advance(to: 130).map(\.value) == [2])
        let next = wheel.nextDeadline
        #expect(next != nil && next! <= 90_000 && next! > 130)
        // Following nextDeadline cascades and reaches the timer exactly.
        var fired: [ExpiredTimer<Int>] = []
        while fired.isEmpty, let deadline = wheel.nextDeadline {
            fired = wheel.advance(to: deadline)
        }
        #expect(fired.map(\.deadline) == [90_000])
        #expect(wheel.now == 90_000)
    }

    @Test("a past deadline fires at the next advance")
    func pastDeadline() {
        var wheel = TimerWheel<Int>(startingAt: 10_000)
        _ = wheel.schedule(at: 5, value: 1)
        #expect(wheel.nextDeadline == 10_000)
        #expect(wheel.advance(to: 10_000).map(\.deadline) == [5])
    }

    @Test("cancel returns the payload once; a stale handle cannot touch a reused slot")
    func staleHandles() {
        var wheel = TimerWheel<Int>()
        let first = wheel.schedule(at: 50, value: 1)
        #expect(wheel.cancel(first) == 1)
        #expect(wheel.cancel(first) == nil)
        let second = wheel.schedule(at: 60, value: 2)
        #expect(second.index == first.index)
        #expect(second.generation != first.generation)
        #expect(wheel.cancel(first) == nil)
        let moved = wheel.reschedule(first, to: 10)
        #expect(!moved)
        #expect(wheel.value(of: second) == 2)
        let fired = wheel.advance(to: 60)
        #expect(fired.map(\.value) == [2])
        #expect(wheel.cancel(second) == nil)
    }

    @Test("reschedule keeps the handle and moves the deadline both ways")
    func reschedule() {
        var wheel = TimerWheel<Int>()
        let handle = wheel.schedule(at: 10_000, value: 1)
        let movedEarlier = wheel.reschedule(handle, to: 20)
        #expect(movedEarlier)
        #expect(wheel.deadline(of: handle) == 20)
        #expect(wheel.advance(to: 19).isEmpty)
        let movedLater = wheel.reschedule(handle, to: 1 << 40)
        #expect(movedLater)
        #expect(wheel.advance(to: 1 << 39).isEmpty)
        #expect(wheel.advance(to: 1 << 40).map(\.handle) == [handle])
    }

    @Test("timers beyond the wheel's range wait in overflow and fire on time")
    func overflow() {
        var wheel = TimerWheel<Int>()
        let far: Int64 = (1 << 36) * 3 + 12_345
        let farther: Int64 = (1 << 36) * 40 + 7
        _ = wheel.schedule(at: farther, value: 2)
        _ = wheel.schedule(at: far, value: 1)
        #expect(wheel.nextDeadline! <= far)
        #expect(wheel.advance(to: far - 1).isEmpty)
        #expect(wheel.advance(to: far).map(\.value) == [1])
        #expect(wheel.advance(to: farther - 1).isEmpty)
        #expect(wheel.advance(to: farther).map(\.value) == [2])
        #expect(wheel.isEmpty && wheel.nextDeadline == nil)
    }

    @Test("freed slab entries are reused instead of growing storage")
    func slabReuse() {
        var wheel = TimerWheel<UInt32>()
        var handles = (0..<100).map { wheel.schedule(at: Int64($0), value: UInt32($0)) }
        _ = wheel.advance(to: 99)
        handles = (0..<100).map { wheel.schedule(at: 200 + Int64($0), value: UInt32($0)) }
        #expect(Set(handles.map(\.index)) == Set(0..<100))
        #expect(wheel.count == 100)
    }

    @Test("a cancelled timer's leftover item never delays a later timer once the wheel ran empty")
    func staleItemsAfterEmptying() {
        var wheel = TimerWheel<Int>()
        _ = wheel.schedule(at: 100, value: 1)
        let cancelled = wheel.schedule(at: 5_000, value: 2)
        wheel.cancel(cancelled)
        #expect(wheel.advance(to: 10_000).map(\.value) == [1])
        // A level-3 deadline whose slot starts before the cancelled item's slot would come round again.
        _ = wheel.schedule(at: 262_149, value: 3)
        #expect(wheel.nextDeadline! <= 262_149)
        #expect(wheel.advance(to: 262_149).map(\.value) == [3])
    }

    @Test("cancels and reschedules leave at most three slot items per armed timer, and nothing once all are gone")
    func staleItemsStayBounded() {
        var wheel = TimerWheel<UInt32>()
        var random = SplitMix64(seed: 7)
        var handles = (0..<1_000).map { wheel.schedule(at: 1 + Int64(random.next() % 86_400_000), value: UInt32($0)) }
        var peak = 0
        for round in 0..<50_000 {
            let position = Int(random.next() % UInt64(handles.count))
            if round % 2 == 0 {
                let deadline = 1 + Int64(random.next() % 86_400_000)
                let moved = wheel.reschedule(handles[position], to: deadline)
                #expect(moved)
            } else {
                let cancelled = wheel.cancel(handles[position])
                #expect(cancelled != nil)
                handles[position] = wheel.schedule(at: 1 + Int64(random.next() % 86_400_000), value: 0)
            }
            peak = max(peak, wheel.storedItems)
        }
        #expect(wheel.count == 1_000)
        #expect(peak <= 3 * 1_000 + 64 + 1)
        for handle in handles { wheel.cancel(handle) }
        #expect(wheel.storedItems == 0)
    }
}
