import Agent
import Foundation
import HTTPTypes
import Store
import SundialTesting
import Testing
import Workflow

/// Schedule triggers in a running agent on a manual clock: fired when due, re-armed, and armed or disarmed at once
/// when their workflow changes.
@Suite("Schedule triggers")
struct ScheduleTriggerTests {
    static let t0 = TriggerHarness.utc(2026, 3, 2)
    static let everyFiveMinutes = #"DTSTART:20260302T000000Z\nRRULE:FREQ=MINUTELY;INTERVAL=5"#

    static func minute(_ minutes: Int64) -> Int64 { t0 + minutes * 60_000 }

    @Test("a schedule fires when due, not before, and creates a Pending execution of the trigger")
    func firesWhenDue() async throws {
        let clock = ManualClock(nowMillis: Self.minute(1))
        try await TriggerHarness.withStore { store in
            try await TriggerHarness.run(store: store, clock: clock) { agent async throws in
                let id = try await agent.create(TriggerHarness.scheduled(Self.everyFiveMinutes))
                #expect(agent.core.armedCount == 1)
                await agent.advance(to: Self.minute(5) - 1)
                #expect(try await agent.fires(id).isEmpty)
                await agent.advance(to: Self.minute(5))
                let fires = try await agent.fires(id)
                #expect(fires.count == 1)
                #expect(fires.first?.scheduledAt == TriggerCoreTime.date(Self.minute(5)))
                #expect(fires.first?.firedAt == TriggerCoreTime.date(Self.minute(5)))
                guard case .started(let executionID) = fires.first?.outcome else {
                    Issue.record("the fire did not start a run: \(fires)")
                    return
                }
                let execution = try #require(try await agent.store.execution(id: executionID))
                #expect(execution.status == .pending)
                #expect(execution.trigger == .schedule)
                #expect(execution.priority == 5)
                #expect(execution.triggerData["scheduledAt"] == "2026-03-02T00:05:00.000Z")
                #expect(agent.dispatcher.depth == 1)
                // Re-armed from the planner's next fire.
                #expect(agent.core.driverDeadline.map { $0 <= Self.minute(10) } == true)
                #expect(await agent.finishNext() == executionID)
                await agent.advance(to: Self.minute(10))
                #expect(try await agent.outcomes(id) == ["started", "started"])
                #expect(try await agent.startedTimes(id) == [Self.minute(5), Self.minute(10)])
            }
        }
    }

    @Test("an unpublished workflow does not fire; publishing arms it from now, unpublishing disarms it")
    func unpublished() async throws {
        let clock = ManualClock(nowMillis: Self.minute(1))
        try await TriggerHarness.withStore { store in
            try await TriggerHarness.run(store: store, clock: clock) { agent async throws in
                let id = try await agent.create(TriggerHarness.scheduled(Self.everyFiveMinutes, published: false))
                #expect(agent.core.armedCount == 0)
                await agent.advance(to: Self.minute(12))
                #expect(try await agent.fires(id).isEmpty)
                #expect(try await agent.store.executions(ExecutionQuery(workflowID: id)).total == 0)

                let publish = #"{"data": {"attributes": {"published": true}}}"#
                #expect(try await agent.send(.patch, "/api/v2/workflows/\(id)", json: publish).status == 200)
                #expect(agent.core.armedCount == 1)
                await agent.advance(to: Self.minute(15))
                // Nothing of the unpublished time is caught up: only the 00:15 fire.
                #expect(try await agent.startedTimes(id) == [Self.minute(15)])

                let unpublish = #"{"data": {"attributes": {"published": false}}}"#
                #expect(try await agent.send(.patch, "/api/v2/workflows/\(id)", json: unpublish).status == 200)
                #expect(agent.core.armedCount == 0)
                await agent.finishNext()
                await agent.advance(to: Self.minute(30))
                #expect(try await agent.fires(id).count == 1)
                let states = try await agent.store.triggerStates(workflowID: id)
                #expect(states.map(\.armed) == [false])
            }
        }
    }

    @Test("updating the rule re-arms the trigger at once; deleting the workflow disarms it")
    func updateAndDelete() async throws {
        let clock = ManualClock(nowMillis: Self.minute(1))
        try await TriggerHarness.withStore { store in
            try await TriggerHarness.run(store: store, clock: clock) { agent async throws in
                let hourly = #"DTSTART:20260302T000000Z\nRRULE:FREQ=HOURLY"#
                let id = try await agent.create(
                    TriggerHarness.scheduled(hourly, settings: #", "overlapBehavior": "OVERLAP_ALLOWED""#))
                await agent.advance(to: Self.minute(2))

                let every3 = #"DTSTART:20260302T000000Z\nRRULE:FREQ=MINUTELY;INTERVAL=3"#
                let patch = #"""
                    {"data": {"attributes": {"spec": {"steps": [{"name": "Only", "actionId": "com.datadoghq.core.noop"}],
                      "triggers": [{"scheduleTrigger": {"rruleExpression": "\#(every3)", "overlapBehavior": "OVERLAP_ALLOWED"}}]}}}}
                    """#
                #expect(try await agent.send(.patch, "/api/v2/workflows/\(id)", json: patch).status == 200)
                await agent.advance(to: Self.minute(7))
                #expect(try await agent.startedTimes(id) == [Self.minute(3), Self.minute(6)])
                // On time: the sleeping driver was woken for the new, sooner deadline.
                let fires = try await agent.fires(id)
                #expect(fires.map(\.firedAt) == fires.map(\.scheduledAt))

                #expect(try await agent.send(.delete, "/api/v2/workflows/\(id)").status == 204)
                #expect(agent.core.armedCount == 0)
                await agent.advance(to: Self.minute(20))
                #expect(try await agent.fires(id).count == 2)
            }
        }
    }
}

/// Dates as the store gives them back.
enum TriggerCoreTime {
    static func date(_ millis: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(millis) / 1000) }
}
