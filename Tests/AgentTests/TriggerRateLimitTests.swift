import Agent
import Foundation
import HTTPTypes
import Store
import SundialTesting
import Testing
import Workflow

/// `rateLimit {count, interval}` on schedule and API fires: exact at the window's edge, every refused fire recorded,
/// and the window rebuilt from the stored fires after a restart.
@Suite("Trigger rate limits")
struct TriggerRateLimitTests {
    static let t0 = TriggerHarness.utc(2026, 3, 2)

    static func minute(_ minutes: Int64) -> Int64 { t0 + minutes * 60_000 }

    @Test("schedule fires: 2 per 180 s, exact at the edge, and rebuilt after a restart")
    func schedule() async throws {
        let clock = ManualClock(nowMillis: Self.minute(0) + 1)
        let rule = #"DTSTART:20260302T000000Z\nRRULE:FREQ=MINUTELY"#
        let settings = #", "overlapBehavior": "OVERLAP_ALLOWED", "rateLimit": {"count": 2, "interval": "180s"}"#
        try await TriggerHarness.withStore { store in
            let id = IDBox()
            try await TriggerHarness.run(store: store, clock: clock) { agent async throws in
                id.value = try await agent.create(TriggerHarness.scheduled(rule, settings: settings))
                await agent.advance(to: Self.minute(4))
                // 00:03 has 00:01 and 00:02 in (00:00, 00:03]; at 00:04 the 00:01 fire has just left the window.
                #expect(try await agent.outcomes(id.value) == ["started", "started", "rate_limited", "started"])
            }
            clock.advance(to: Self.minute(4) + 30_000)
            try await TriggerHarness.run(store: store, clock: clock) { agent async throws in
                await agent.advance(to: Self.minute(6))
                // Rebuilt from the store: (00:02, 00:05] holds 00:04 only; (00:03, 00:06] holds 00:04 and 00:05.
                #expect(
                    try await agent.outcomes(id.value)
                        == ["started", "started", "rate_limited", "started", "started", "rate_limited"])
            }
        }
    }

    @Test("API runs: 2 per 60 s, 429 with Retry-After until the edge, recorded, and rebuilt after a restart")
    func api() async throws {
        let clock = ManualClock(nowMillis: Self.minute(10))
        let body = #"""
            {"data": {"type": "workflows", "attributes": {"name": "Limited", "spec": {
              "steps": [{"name": "A", "actionId": "com.datadoghq.core.noop"}],
              "triggers": [{"apiTrigger": {"rateLimit": {"count": 2, "interval": "60s"}}}]}}}}
            """#
        try await TriggerHarness.withStore { store in
            let id = IDBox()
            try await TriggerHarness.run(store: store, clock: clock) { agent async throws in
                id.value = try await agent.create(body)
                let path = "/api/v2/workflows/\(id.value)/instances"
                #expect(try await agent.send(.post, path, json: "{}").status == 200)
                #expect(try await agent.send(.post, path, json: "{}").status == 200)
                let refused = try await agent.send(.post, path, json: "{}")
                #expect(refused.status == 429)
                #expect(refused.headers[.retryAfter] == "60")
                clock.advance(by: 59_999)
                let late = try await agent.send(.post, path, json: "{}")
                #expect(late.status == 429)
                #expect(late.headers[.retryAfter] == "1")
                clock.advance(by: 1)
                #expect(try await agent.send(.post, path, json: "{}").status == 200)
                #expect(
                    try await agent.outcomes(id.value)
                        == ["started", "started", "rate_limited", "rate_limited", "started"])
                let started = try await agent.store.executions(ExecutionQuery(workflowID: id.value)).executions
                #expect(started.count == 3)
                #expect(started.allSatisfy { $0.trigger == .api })
            }
            try await TriggerHarness.run(store: store, clock: clock) { agent async throws in
                let path = "/api/v2/workflows/\(id.value)/instances"
                // (t−60 s, t] holds the run at t only: one more is admitted, not two.
                #expect(try await agent.send(.post, path, json: "{}").status == 200)
                #expect(try await agent.send(.post, path, json: "{}").status == 429)
            }
        }
    }

    @Test("an idempotent replay returns the first run and takes no rate-limit budget")
    func idempotentReplay() async throws {
        let clock = ManualClock(nowMillis: Self.minute(10))
        let body = #"""
            {"data": {"type": "workflows", "attributes": {"name": "Limited", "spec": {
              "steps": [{"name": "A", "actionId": "com.datadoghq.core.noop"}],
              "triggers": [{"apiTrigger": {"rateLimit": {"count": 2, "interval": "60s"}}}]}}}}
            """#
        try await TriggerHarness.withStore { store in
            try await TriggerHarness.run(store: store, clock: clock) { agent async throws in
                let id = try await agent.create(body)
                let path = "/api/v2/workflows/\(id)/instances"
                let key: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "k-1"]
                let first = try await agent.send(.post, path, json: "{}", headers: key)
                let again = try await agent.send(.post, path, json: "{}", headers: key)
                #expect(first.status == 200)
                #expect(again.json["data"]?["id"] == first.json["data"]?["id"])
                #expect(try await agent.send(.post, path, json: "{}").status == 200)
                #expect(try await agent.send(.post, path, json: "{}").status == 429)
                #expect(try await agent.outcomes(id) == ["started", "started", "rate_limited"])
            }
        }
    }
}
