import Agent
import Foundation
import HTTPTypes
import Store
import SundialTesting
import Testing
import Workflow

/// `GET /metrics` beyond executions and responses: schedule fire lateness, caught-up decisions and callback
/// deliveries, and the exposition read as Prometheus would.
@Suite("Metrics")
struct MetricsTests {
    static let t0 = TriggerHarness.utc(2026, 3, 2)
    static let everyFiveMinutes = #"DTSTART:20260302T000000Z\nRRULE:FREQ=MINUTELY;INTERVAL=5"#
    static let lateness = "sundial_trigger_fire_lateness_seconds"

    static func minute(_ minutes: Int64) -> Int64 { t0 + minutes * 60_000 }

    @Test("a schedule fire committed 30 ms after its due time lands in the 0.05 s bucket")
    func fireLatenessBucket() async throws {
        let clock = ManualClock(nowMillis: Self.minute(1))
        try await TriggerHarness.withStore { store in
            try await TriggerHarness.run(store: store, clock: clock) { agent async throws in
                let id = try await agent.create(TriggerHarness.scheduled(Self.everyFiveMinutes))
                await agent.advance(to: Self.minute(5) - 1)
                #expect(agent.runtime.metrics.fireLateness.count == 0)
                // The driver wakes only once the clock is 30 ms past the deadline.
                clock.advance(to: Self.minute(5) + 30)
                await agent.core.waitUntilIdle()
                #expect(try await agent.startedTimes(id) == [Self.minute(5)])
                let metrics = try PrometheusText(try await agent.send(.get, "/metrics").text)
                #expect(metrics.types[Self.lateness] == "histogram")
                #expect(metrics.value(Self.lateness + "_bucket", ["le": "0.025"]) == 0)
                #expect(metrics.value(Self.lateness + "_bucket", ["le": "0.05"]) == 1)
                #expect(metrics.value(Self.lateness + "_bucket", ["le": "+Inf"]) == 1)
                #expect(metrics.value(Self.lateness + "_sum") == 0.03)
                #expect(metrics.value(Self.lateness + "_count") == 1)
                #expect(metrics.value("sundial_trigger_catch_up_decisions_total") == 0)
            }
        }
    }

    @Test("fires caught up after a downtime are counted, not observed as lateness; the next on-time fire is")
    func catchUpLeftOut() async throws {
        let clock = ManualClock(nowMillis: Self.minute(1))
        try await TriggerHarness.withStore { store in
            let id = IDBox()
            try await TriggerHarness.run(store: store, clock: clock) { agent async throws in
                // Overlap allowed: the run left Pending by the first agent does not hold back the catch-up run.
                id.value = try await agent.create(
                    TriggerHarness.scheduled(
                        Self.everyFiveMinutes, settings: #", "overlapBehavior": "OVERLAP_ALLOWED""#))
                await agent.advance(to: Self.minute(5))
                #expect(agent.runtime.metrics.fireLateness.count == 1)
            }
            // Down from 00:05 to 01:02: eleven fires missed, caught up once (the default) on start.
            clock.advance(to: Self.minute(62))
            try await TriggerHarness.run(store: store, clock: clock) { agent async throws in
                #expect(try await agent.outcomes(id.value).filter { $0 == "started" }.count == 2)
                #expect(agent.runtime.metrics.caughtUpDecisions == 1)
                #expect(agent.runtime.metrics.fireLateness.count == 0)
                await agent.advance(to: Self.minute(65))
                let metrics = try PrometheusText(try await agent.send(.get, "/metrics").text)
                #expect(metrics.value("sundial_trigger_catch_up_decisions_total") == 1)
                #expect(metrics.value(Self.lateness + "_bucket", ["le": "0.001"]) == 1)
                #expect(metrics.value(Self.lateness + "_count") == 1)
                #expect(metrics.value(Self.lateness + "_sum") == 0)
            }
        }
    }

    @Test("the exposition is valid Prometheus text: HELP and TYPE first, cumulative buckets, +Inf equal to _count")
    func expositionFormat() async throws {
        try await AgentHarness.run { agent in
            let key = TriggerKey(workflowID: "w", kind: .schedule)
            // Bounds are inclusive: 5 ms is in le="0.005"; 10 001 ms only in +Inf.
            for late: Int64 in [0, 1, 2, 5, 30, 10_000, 10_001, -3] {
                agent.runtime.metrics.firesCommitted(
                    FireTiming(key: key, deadlineMillis: 1_000, fires: 1, started: 1), atMillis: 1_000 + late)
            }
            agent.runtime.metrics.firesCommitted(
                FireTiming(key: key, deadlineMillis: 0, fires: 3, started: 1, caughtUp: true), atMillis: 3_600_000)
            agent.runtime.metrics.callbackAttempted(.delivered)
            let reply = try await agent.send(.get, "/metrics", token: "")
            #expect(reply.headers[.contentType] == "text/plain; version=0.0.4")
            let metrics = try PrometheusText(reply.text)
            let families = [
                Self.lateness: "histogram", "sundial_trigger_catch_up_decisions_total": "counter",
                "sundial_callback_deliveries_total": "counter", "sundial_executions_started_total": "counter",
                "sundial_queue_depth": "gauge", "sundial_callbacks_pending": "gauge",
            ]
            for (name, type) in families {
                #expect(metrics.types[name] == type, "\(name)")
                #expect(metrics.help[name]?.isEmpty == false, "\(name)")
            }
            let buckets = metrics.samples.filter { $0.name == Self.lateness + "_bucket" }
            #expect(
                buckets.compactMap { $0.labels["le"] } == [
                    "0.001", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf",
                ])
            #expect(buckets.map(\.value) == [3, 5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8])
            #expect(metrics.value(Self.lateness + "_count") == 8)
            #expect(metrics.value(Self.lateness + "_sum") == 20.039)
            #expect(metrics.value("sundial_trigger_catch_up_decisions_total") == 1)
            #expect(metrics.value("sundial_callback_deliveries_total", ["outcome": "delivered"]) == 1)
            #expect(metrics.value("sundial_callback_deliveries_total", ["outcome": "abandoned"]) == 0)
            #expect(metrics.value("sundial_callbacks_pending") == 0)
        }
    }

    @Test("a retried, a delivered and an abandoned callback attempt each move their counter")
    func callbackOutcomes() async throws {
        let responses = ScriptedResponses([.text("down", status: 503), .text("ok"), .text("gone", status: 410)])
        try await SQLiteStore.withStore(.inMemory) { store in
            try await LoopbackHTTPServer.with(handler: { responses.next($0) }) { server in
                let clock = ManualClock(nowMillis: CallbackFixtures.millis(CallbackFixtures.start))
                let metrics = AgentMetrics()
                var dispatcher = try CallbackFixtures.dispatcher(store, clock: clock)
                dispatcher.metrics = metrics
                try await CallbackFixtures.finish(store, "e1", url: server.url("/hook"))
                #expect(try await store.pendingCallbackCount() == 1)
                #expect(try await dispatcher.deliverDue() == 1)
                #expect(metrics.callbackAttempts == [.retrying: 1])
                #expect(try await store.pendingCallbackCount() == 1)
                clock.advance(by: 3750)
                #expect(try await dispatcher.deliverDue() == 1)
                #expect(metrics.callbackAttempts == [.retrying: 1, .delivered: 1])
                #expect(try await store.pendingCallbackCount() == 0)
                try await CallbackFixtures.finish(store, "e2", url: server.url("/hook"), at: CallbackFixtures.start)
                #expect(try await dispatcher.deliverDue() == 1)
                #expect(metrics.callbackAttempts == [.retrying: 1, .delivered: 1, .abandoned: 1])
                #expect(try await CallbackFixtures.state(store, "e2").0.abandonedAt != nil)
                #expect(try await store.pendingCallbackCount() == 0)
            }
        }
    }

    @Test("the histogram's cumulative counts match a count of the observations at or under each bound")
    func histogramAgainstModel() {
        var random = SplitMix64(seed: 7)
        var histogram = LatenessHistogram()
        var observed: [Int64] = []
        for _ in 0..<5_000 {
            let value = Int64(random.next() % 12_000) - 100
            histogram.observe(millis: value)
            observed.append(max(0, value))
        }
        let model = LatenessHistogram.boundsMillis.map { bound in observed.filter { $0 <= bound }.count }
        #expect(histogram.cumulativeCounts == model + [observed.count])
        #expect(histogram.count == observed.count)
        #expect(histogram.sumMillis == observed.reduce(0, +))
    }
}
