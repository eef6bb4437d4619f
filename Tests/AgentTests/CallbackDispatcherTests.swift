import Agent
import Foundation
import Logging
import ServiceLifecycle
import Store
import SundialTesting
import Testing

/// The dispatcher as a service: when it looks at the outbox, what wakes it, what it does on start and on shutdown.
@Suite("Callback dispatcher service")
struct CallbackDispatcherTests {
    typealias Fixtures = CallbackFixtures

    /// Runs `dispatcher` in a service group while `body` runs, then shuts it down gracefully and waits for it.
    func running(
        _ dispatcher: CallbackDispatcher, _ body: (ServiceGroup) async throws -> Void
    ) async throws {
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(services: [dispatcher], logger: Logger(label: "test.group")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            do {
                try await body(group)
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    @Test("it sleeps until the earliest next attempt, then delivers")
    func sleepsUntilTheEarliestDue() async throws {
        try await SQLiteStore.withStore(.inMemory) { store in
            try await LoopbackHTTPServer.with { server in
                let clock = ManualClock(nowMillis: Fixtures.millis(Fixtures.start))
                try await Fixtures.finish(
                    store, "later", url: server.url("/b"), at: Fixtures.start.addingTimeInterval(30))
                try await Fixtures.finish(
                    store, "sooner", url: server.url("/a"), at: Fixtures.start.addingTimeInterval(10))
                try await running(try Fixtures.dispatcher(store, clock: clock)) { _ in
                    await clock.waitForSleepers(1)
                    #expect(clock.sleepingDeadlines == [Fixtures.millis(Fixtures.start) + 10_000])
                    #expect(server.requests.isEmpty)
                    clock.advance(by: 10_000)
                    #expect(await server.waitForRequests(1).map(\.path) == ["/a"])
                }
                #expect(try await Fixtures.state(store, "sooner").0.deliveredAt != nil)
                #expect(try await Fixtures.state(store, "later").1.isEmpty)
            }
        }
    }

    @Test("a wake delivers a new callback at once, without time passing")
    func wakeDeliversAtOnce() async throws {
        try await SQLiteStore.withStore(.inMemory) { store in
            try await LoopbackHTTPServer.with { server in
                let clock = ManualClock(nowMillis: Fixtures.millis(Fixtures.start))
                let wakeup = CallbackWakeup()
                try await running(try Fixtures.dispatcher(store, clock: clock, wakeup: wakeup)) { _ in
                    // Idle: nothing due, so it sleeps for the idle poll.
                    await clock.waitForSleepers(1)
                    #expect(clock.sleepingDeadlines == [Fixtures.millis(Fixtures.start) + 60_000])
                    try await Fixtures.finish(store, "e1", url: server.url("/hook"))
                    wakeup.wake()
                    #expect(await server.waitForRequests(1).first?.header("webhook-id") == "msg_e1")
                    #expect(clock.nowMillis == Fixtures.millis(Fixtures.start))
                }
                #expect(try await Fixtures.state(store, "e1").0.deliveredAt == Fixtures.start)
            }
        }
    }

    @Test("on start it delivers what the last run left undelivered")
    func deliversWhatTheLastRunLeft() async throws {
        try await SQLiteStore.withStore(.inMemory) { store in
            try await LoopbackHTTPServer.with { server in
                let clock = ManualClock(nowMillis: Fixtures.millis(Fixtures.start) + 60_000)
                let entry = try await Fixtures.finish(store, "e1", url: server.url("/hook"))
                // The last run tried once and stopped before the retry it planned.
                try await store.recordDelivery(
                    callbackID: entry.id,
                    attempt: DeliveryAttempt(number: 1, at: Fixtures.start, statusCode: 503, duration: .zero),
                    outcome: .retry(at: Fixtures.start.addingTimeInterval(5)))
                for id in ["e2", "e3", "e4", "e5", "e6"] {
                    try await Fixtures.finish(store, id, url: server.url("/hook"))
                }
                try await running(try Fixtures.dispatcher(store, clock: clock, concurrency: 2)) { _ in
                    let requests = await server.waitForRequests(6)
                    #expect(Set(requests.compactMap { $0.header("webhook-id") }).count == 6)
                }
                let (first, attempts) = try await Fixtures.state(store, "e1")
                #expect(first.deliveredAt != nil && attempts.map(\.number) == [1, 2])
                #expect(try await store.dueCallbacks(now: .distantFuture, limit: 10).isEmpty)
            }
        }
    }

    @Test("graceful shutdown takes no new rows and lets the delivery in flight finish")
    func shutdownFinishesInFlight() async throws {
        let gate = Gate()
        try await SQLiteStore.withStore(.inMemory) { store in
            try await LoopbackHTTPServer.with(asyncHandler: { _ in
                await gate.wait()
                return .text("ok")
            }) { server in
                let clock = ManualClock(nowMillis: Fixtures.millis(Fixtures.start))
                let wakeup = CallbackWakeup()
                let log = LogWaiter()
                var dispatcher = try Fixtures.dispatcher(store, clock: clock, wakeup: wakeup)
                dispatcher.logger = log.logger
                try await Fixtures.finish(store, "e1", url: server.url("/hook"))
                try await running(dispatcher) { group in
                    _ = await server.waitForRequests(1)
                    await group.triggerGracefulShutdown()
                    await log.wait(for: "callback dispatcher stopping; deliveries in flight may finish")
                    try await Fixtures.finish(store, "e2", url: server.url("/hook"))
                    wakeup.wake()
                    gate.open()
                }
                #expect(try await Fixtures.state(store, "e1").0.deliveredAt != nil)
                #expect(try await Fixtures.state(store, "e2").1.isEmpty)
                #expect(server.requests.count == 1)
            }
        }
    }
}
