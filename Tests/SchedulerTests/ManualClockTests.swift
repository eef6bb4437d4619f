import Scheduler
import SundialTesting
import Testing

@Suite("ManualClock")
struct ManualClockTests {
    @Test("a deadline already reached returns at once")
    func pastDeadline() async throws {
        let clock = ManualClock(nowMillis: 1_000)
        try await clock.sleep(untilMillis: 1_000)
        try await clock.sleep(untilMillis: 5)
        #expect(clock.nowMillis == 1_000)
    }

    @Test("sleepers wake in deadline order, only when time reaches them")
    func wakesInOrder() async throws {
        let clock = ManualClock(nowMillis: 0)
        try await withThrowingTaskGroup(of: Int64.self) { group in
            for deadline: Int64 in [300, 100, 200, 100] {
                group.addTask {
                    try await clock.sleep(untilMillis: deadline)
                    return deadline
                }
            }
            await clock.waitForSleepers(4)
            #expect(clock.sleepingDeadlines == [100, 100, 200, 300])
            #expect(clock.advance(to: 99) == [])
            #expect(clock.advance(to: 250) == [100, 100, 200])
            #expect(clock.nowMillis == 250)
            var woken: [Int64] = []
            for _ in 0..<3 { woken.append(try await group.next()!) }
            #expect(woken.sorted() == [100, 100, 200])
            #expect(clock.sleepingDeadlines == [300])
            #expect(clock.advance(by: 50) == [300])
            #expect(try await group.next() == 300)
        }
    }

    @Test("time never moves backwards")
    func monotonic() {
        let clock = ManualClock(nowMillis: 500)
        clock.advance(to: 100)
        #expect(clock.nowMillis == 500)
    }

    @Test("a cancelled sleeper throws and leaves the clock")
    func cancellation() async {
        let clock = ManualClock()
        let outcome = await withTaskGroup(of: (any Error)?.self) { group in
            group.addTask {
                do {
                    try await clock.sleep(untilMillis: 10_000)
                    return nil
                } catch {
                    return error
                }
            }
            await clock.waitForSleepers(1)
            group.cancelAll()
            return await group.next()!
        }
        #expect(outcome is CancellationError)
        #expect(clock.sleepingDeadlines.isEmpty)
    }

    @Test("a driver sleeping on the wheel's next deadline fires each timer when the clock reaches it")
    func drivesWheel() async throws {
        let clock = ManualClock(nowMillis: 10_000)
        var wheel = TimerWheel<Int>(startingAt: clock.nowMillis)
        _ = wheel.schedule(at: 10_500, value: 1)
        _ = wheel.schedule(at: 95_000, value: 2)
        let deadline = wheel.nextDeadline!
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await clock.sleep(untilMillis: deadline) }
            await clock.waitForSleepers(1)
            clock.advance(to: 10_500)
            try await group.waitForAll()
        }
        #expect(wheel.advance(to: clock.nowMillis).map(\.value) == [1])
        clock.advance(by: 100_000)
        #expect(wheel.advance(to: clock.nowMillis).map(\.value) == [2])
    }
}
