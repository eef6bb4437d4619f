import Agent
import Foundation
import Logging
import ServiceLifecycle
import Store
import SundialTesting
import Testing

/// Receivers in trouble do not hold the others back: the dispatcher service with a hung receiver, a failing one
/// and a healthy one sharing the outbox.
@Suite("Callback fairness between receivers")
struct CallbackFairnessTests {
    typealias Fixtures = CallbackFixtures

    @Test("a receiver that never answers takes its own slots only; the healthy one's callbacks all go out")
    func hungReceiverDoesNotDelayTheHealthyOne() async throws {
        let gate = Gate()
        try await SQLiteStore.withStore(.inMemory) { store in
            try await LoopbackHTTPServer.with(asyncHandler: { _ in
                await gate.wait()
                return .text("late")
            }) { hung in
                try await LoopbackHTTPServer.with { healthy in
                    let clock = ManualClock(nowMillis: Fixtures.millis(Fixtures.start))
                    // 64 callbacks to the hung receiver, all older than the healthy receiver's 20: oldest first and
                    // 8 global slots, the old dispatcher sent only hung ones.
                    for index in 0..<64 {
                        try await Fixtures.finish(
                            store, "hung-\(index)", url: hung.url("/h/\(index)"), at: Fixtures.start.addingTimeInterval(-60))
                    }
                    for index in 0..<20 {
                        try await Fixtures.finish(store, "ok-\(index)", url: healthy.url("/ok/\(index)"))
                    }
                    let dispatcher = try Fixtures.dispatcher(
                        store, clock: clock, concurrency: 8, perReceiver: CallbackReceivers.Settings(concurrency: 3))
                    try await Fixtures.running(dispatcher) {
                        let arrived = await within(seconds: 60) { await healthy.waitForRequests(20) }
                        #expect(arrived?.count == 20, "the healthy receiver's callbacks did not all arrive")
                        // Still hung: the receiver has exactly its limit in flight and nothing more was sent.
                        #expect(hung.requests.count == 3)
                        #expect(clock.nowMillis == Fixtures.millis(Fixtures.start))
                        gate.open()
                    }
                    for index in 0..<20 {
                        #expect(try await Fixtures.state(store, "ok-\(index)").0.deliveredAt != nil)
                    }
                }
            }
        }
    }

    @Test("a failing receiver backs off, its due callbacks wait with a note, and a probe after it recovers")
    func failingReceiverBacksOffAndRecovers() async throws {
        let responses = ScriptedResponses([
            .text("down", status: 503), .text("down", status: 503), .text("down", status: 503), .text("ok"),
        ])
        try await SQLiteStore.withStore(.inMemory) { store in
            try await LoopbackHTTPServer.with(handler: { responses.next($0) }) { server in
                let clock = ManualClock(nowMillis: Fixtures.millis(Fixtures.start))
                let log = LogWaiter()
                let metrics = AgentMetrics()
                var dispatcher = try Fixtures.dispatcher(
                    store, clock: clock, perReceiver: CallbackReceivers.Settings(concurrency: 1))
                dispatcher.logger = log.logger
                dispatcher.metrics = metrics
                for index in 1...5 { try await Fixtures.finish(store, "e\(index)", url: server.url("/hook")) }
                try await Fixtures.running(dispatcher) {
                    let backedOff = await within(seconds: 60) {
                        await log.wait(for: "callback receiver backing off")
                        return true
                    }
                    try #require(backedOff == true, "no back-off was logged")
                    #expect(server.requests.count == 3)
                    #expect(metrics.callbackReceiversBackingOff == 1)
                    let (waiting, attempts) = try await Fixtures.state(store, "e5")
                    #expect(attempts.isEmpty)
                    #expect(waiting.nextAttemptAt == Fixtures.start.addingTimeInterval(5))
                    #expect(waiting.lastError?.contains("is backing off until") == true, "\(waiting)")
                    #expect(waiting.lastError?.contains("after 3 consecutive failures") == true, "\(waiting)")
                    #expect(metrics.callbacksDeferred[.receiverBackoff, default: 0] >= 2)
                    clock.advance(by: 5000)
                    let recovered = await within(seconds: 60) {
                        await log.wait(for: "callback receiver recovered")
                        return true
                    }
                    try #require(recovered == true, "no recovery was logged")
                    let all = await within(seconds: 60) { await server.waitForRequests(8) }
                    #expect(all?.count == 8)
                }
                #expect(metrics.callbackReceiversBackingOff == 0)
                for index in 1...5 {
                    #expect(try await Fixtures.state(store, "e\(index)").0.deliveredAt != nil, "e\(index)")
                }
            }
        }
    }

    @Test("after a failed attempt the service sleeps until the retry, not the idle poll")
    func sleepsUntilTheRetryAfterAFailure() async throws {
        let responses = ScriptedResponses([.text("down", status: 503), .text("ok")])
        try await SQLiteStore.withStore(.inMemory) { store in
            try await LoopbackHTTPServer.with(handler: { responses.next($0) }) { server in
                let clock = ManualClock(nowMillis: Fixtures.millis(Fixtures.start))
                let dispatcher = try Fixtures.dispatcher(store, clock: clock)
                try await Fixtures.finish(store, "e1", url: server.url("/hook"))
                try await Fixtures.running(dispatcher) {
                    let retry = Fixtures.millis(Fixtures.start) + 3750
                    let slept = await within(seconds: 60) {
                        while !clock.sleepingDeadlines.contains(retry) {
                            try? await Task.sleep(for: .milliseconds(5))
                            if Task.isCancelled { return false }
                        }
                        return true
                    }
                    #expect(slept == true, "sleeping until \(clock.sleepingDeadlines), not the retry at \(retry)")
                    clock.advance(to: retry)
                    #expect(await within(seconds: 60) { await server.waitForRequests(2) }?.count == 2)
                }
                #expect(try await Fixtures.state(store, "e1").0.deliveredAt == Fixtures.start.addingTimeInterval(3.75))
            }
        }
    }
}
