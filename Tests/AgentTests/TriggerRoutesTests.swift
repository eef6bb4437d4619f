import Agent
import Foundation
import HTTPTypes
import Scheduler
import Store
import SundialTesting
import Testing
import Workflow

/// `GET /api/v2/workflows/{id}/schedule` and `GET /api/v2/workflows/{id}/fires`.
@Suite("Trigger routes")
struct TriggerRoutesTests {
    static let newYork = #"DTSTART;TZID=America/New_York:20260101T023000\nRRULE:FREQ=DAILY"#

    @Test("the schedule lists the next fires with jitter, in UTC and in the rule's zone")
    func schedule() async throws {
        let clock = ManualClock(nowMillis: TriggerHarness.utc(2026, 3, 6, 12))
        try await TriggerHarness.withStore { store in
            try await TriggerHarness.run(store: store, clock: clock) { agent async throws in
                let id = try await agent.create(TriggerHarness.scheduled(Self.newYork, settings: #", "jitter": "60s""#))
                let jitter = StableJitter.offset(for: "\(id)/scheduleTrigger", maxMillis: 60_000)
                let reply = try await agent.send(.get, "/api/v2/workflows/\(id)/schedule?count=3")
                #expect(reply.status == 200)
                let attributes = reply.json["data"]?["attributes"]
                #expect(attributes?["timeZone"] == "America/New_York")
                #expect(attributes?["armed"] == true)
                #expect(attributes?["jitterMillis"] == .int(jitter))
                let fires = attributes?["fires"]?.arrayValue ?? []
                // 7 March 02:30 EST, 8 March shifted out of the gap to 03:30 EDT, 9 March 02:30 EDT.
                let dues = [
                    TriggerHarness.utc(2026, 3, 7, 7, 30), TriggerHarness.utc(2026, 3, 8, 7, 30),
                    TriggerHarness.utc(2026, 3, 9, 6, 30),
                ]
                #expect(fires.map { $0["scheduledAt"]?.stringValue } == dues.map { Self.timestamp($0) })
                #expect(fires.map { $0["fireAt"]?.stringValue } == dues.map { Self.timestamp($0 + jitter) })
                let seconds = jitter / 1000
                let fraction = jitter % 1000 == 0 ? "" : String(format: ".%03d", Int(jitter % 1000))
                let local =
                    String(format: "%02d", Int(30 + seconds / 60)) + ":" + String(format: "%02d", Int(seconds % 60))
                #expect(
                    fires.map { $0["localFireAt"]?.stringValue } == [
                        "2026-03-07T02:\(local)\(fraction)-05:00", "2026-03-08T03:\(local)\(fraction)-04:00",
                        "2026-03-09T02:\(local)\(fraction)-04:00",
                    ])
                let all = try await agent.send(.get, "/api/v2/workflows/\(id)/schedule")
                #expect(all.json["data"]?["attributes"]?["fires"]?.arrayValue?.count == 10)
                let most = try await agent.send(.get, "/api/v2/workflows/\(id)/schedule?count=1000")
                #expect(most.json["data"]?["attributes"]?["fires"]?.arrayValue?.count == 1000)
            }
        }
    }

    @Test("fires the trigger's rate limit would refuse are marked wouldSkip: rate_limited")
    func scheduleMarksRateLimitedFires() async throws {
        let clock = ManualClock(nowMillis: TriggerHarness.utc(2026, 3, 6, 12))
        try await TriggerHarness.withStore { store in
            try await TriggerHarness.run(store: store, clock: clock) { agent async throws in
                // Every 10 minutes, at most 2 fires in any hour: of each hour's six, four are refused.
                let id = try await agent.create(
                    TriggerHarness.scheduled(
                        "FREQ=MINUTELY;INTERVAL=10", settings: #", "rateLimit": {"count": 2, "interval": "3600s"}"#))
                let reply = try await agent.send(.get, "/api/v2/workflows/\(id)/schedule?count=8")
                #expect(reply.status == 200)
                let fires = reply.json["data"]?["attributes"]?["fires"]?.arrayValue ?? []
                #expect(fires.count == 8)
                #expect(
                    fires.map { $0["wouldSkip"]?.stringValue } == [
                        nil, nil, "rate_limited", "rate_limited", "rate_limited", "rate_limited", nil, nil,
                    ])
                let unlimited = try await agent.create(TriggerHarness.scheduled("FREQ=MINUTELY;INTERVAL=10"))
                let plain = try await agent.send(.get, "/api/v2/workflows/\(unlimited)/schedule?count=8")
                #expect(plain.json["data"]?["attributes"]?["fires"]?.arrayValue?.allSatisfy { $0["wouldSkip"] == nil } == true)
            }
        }
    }

    @Test(
        "a bad count is a 400 naming the parameter; no schedule trigger or workflow is a 404",
        arguments: [
            "0", "1001", "ten", "-3",
        ])
    func badCount(_ count: String) async throws {
        let clock = ManualClock(nowMillis: TriggerHarness.utc(2026, 3, 6))
        try await TriggerHarness.withStore { store in
            try await TriggerHarness.run(store: store, clock: clock) { agent async throws in
                let id = try await agent.create(TriggerHarness.scheduled(Self.newYork))
                let reply = try await agent.send(.get, "/api/v2/workflows/\(id)/schedule?count=\(count)")
                #expect(reply.status == 400)
                #expect(reply.json["errors"]?[0]?["source"]?["parameter"] == "count")
                #expect(reply.errors.first?.contains("from 1 to 1000, found '\(count)'") == true)

                let manual = try await agent.create(Samples.noopWorkflow)
                let none = try await agent.send(.get, "/api/v2/workflows/\(manual)/schedule")
                #expect(none.status == 404)
                #expect(none.errors.first?.contains("has no scheduleTrigger") == true)
                #expect(try await agent.send(.get, "/api/v2/workflows/nope/schedule").status == 404)
            }
        }
    }

    @Test("an unpublished workflow's schedule is listed as not armed")
    func unpublishedSchedule() async throws {
        let clock = ManualClock(nowMillis: TriggerHarness.utc(2026, 3, 6))
        try await TriggerHarness.withStore { store in
            try await TriggerHarness.run(store: store, clock: clock) { agent async throws in
                let id = try await agent.create(TriggerHarness.scheduled(Self.newYork, published: false))
                let reply = try await agent.send(.get, "/api/v2/workflows/\(id)/schedule?count=1")
                #expect(reply.json["data"]?["attributes"]?["armed"] == false)
                #expect(
                    reply.json["data"]?["attributes"]?["fires"]?[0]?["localFireAt"] == "2026-03-06T02:30:00-05:00")
            }
        }
    }

    @Test("fires are listed newest first with their instance or skip reason, paged")
    func fires() async throws {
        let start = TriggerHarness.utc(2026, 3, 2)
        let clock = ManualClock(nowMillis: start + 1)
        try await TriggerHarness.withStore { store in
            try await TriggerHarness.run(store: store, clock: clock) { agent async throws in
                let rule = #"DTSTART:20260302T000000Z\nRRULE:FREQ=MINUTELY"#
                let id = try await agent.create(
                    TriggerHarness.scheduled(rule, triggers: #", {"apiTrigger": {}}"#))
                await agent.advance(to: start + 2 * 60_000)
                let run = try await agent.send(.post, "/api/v2/workflows/\(id)/instances", json: "{}")
                #expect(run.status == 200)
                let reply = try await agent.send(.get, "/api/v2/workflows/\(id)/fires?page%5Bsize%5D=2")
                #expect(reply.status == 200)
                #expect(reply.json["meta"]?["page"]?["totalCount"] == 3)
                let items = reply.json["data"]?.arrayValue ?? []
                #expect(items.map { $0["attributes"]?["trigger"]?.stringValue } == ["apiTrigger", "scheduleTrigger"])
                #expect(items[0]["attributes"]?["instanceId"] == run.json["data"]?["id"])
                #expect(items[0]["attributes"]?["scheduledAt"] == nil)
                #expect(items[1]["attributes"]?["skipReason"] == "overlap")
                #expect(items[1]["attributes"]?["scheduledAt"] == "2026-03-02T00:02:00.000Z")
                #expect(items[1]["attributes"]?["firedAt"] == "2026-03-02T00:02:00.000Z")
                let last = try await agent.send(
                    .get, "/api/v2/workflows/\(id)/fires?page%5Bsize%5D=2&page%5Bnumber%5D=1")
                let first = last.json["data"]?[0]?["attributes"]
                #expect(first?["trigger"] == "scheduleTrigger")
                #expect(first?["instanceId"]?.stringValue != nil)
                let bad = try await agent.send(.get, "/api/v2/workflows/\(id)/fires?page%5Bsize%5D=0")
                #expect(bad.status == 400)
            }
        }
    }

    static func timestamp(_ millis: Int64) -> String {
        JSONResponse.timestamp(Date(timeIntervalSince1970: TimeInterval(millis) / 1000))
    }
}
