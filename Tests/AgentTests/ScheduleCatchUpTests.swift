import Agent
import Foundation
import Store
import SundialTesting
import Testing
import Workflow

/// Fires missed while the agent was down, handled by each trigger's `catchUp` policy when it starts again over
/// the same store, exactly once.
@Suite("Schedule catch-up after a restart")
struct ScheduleCatchUpTests {
    static let t0 = TriggerHarness.utc(2026, 3, 2)
    static let everyTenMinutes = #"DTSTART:20260302T000000Z\nRRULE:FREQ=MINUTELY;INTERVAL=10"#

    static func minute(_ minutes: Int64) -> Int64 { t0 + minutes * 60_000 }

    struct Case: Sendable, CustomTestStringConvertible {
        var policy: String
        /// The outcomes of the fires of 00:20 … 01:00, missed while the agent was down.
        var missed: [String]
        var testDescription: String { policy }
    }

    static let cases = [
        Case(policy: "skip", missed: ["missed", "missed", "missed", "missed", "missed"]),
        Case(policy: "once", missed: ["coalesced", "coalesced", "coalesced", "coalesced", "started"]),
        Case(policy: "all", missed: ["started", "started", "started", "started", "started"]),
    ]

    @Test("missed fires follow the catch-up policy once; the next fire is on time", arguments: cases)
    func catchUp(_ test: Case) async throws {
        let clock = ManualClock(nowMillis: Self.minute(5))
        try await TriggerHarness.withStore { store in
            let settings = #", "catchUp": "\#(test.policy)", "overlapBehavior": "OVERLAP_ALLOWED""#
            let id = IDBox()
            try await TriggerHarness.run(store: store, clock: clock) { agent async throws in
                id.value = try await agent.create(TriggerHarness.scheduled(Self.everyTenMinutes, settings: settings))
                await agent.advance(to: Self.minute(10))
                #expect(try await agent.outcomes(id.value) == ["started"])
            }
            // Down from 00:10 to 01:05: the fires of 00:20, 00:30, 00:40, 00:50 and 01:00 were missed.
            clock.advance(to: Self.minute(65))
            try await TriggerHarness.run(store: store, clock: clock) { agent async throws in
                let fires = try await agent.fires(id.value)
                #expect(try await agent.outcomes(id.value) == ["started"] + test.missed)
                #expect(
                    fires.dropFirst().compactMap(\.scheduledAt)
                        == [20, 30, 40, 50, 60].map { TriggerCoreTime.date(Self.minute($0)) })
                #expect(fires.dropFirst().allSatisfy { $0.firedAt == TriggerCoreTime.date(Self.minute(65)) })
                await agent.advance(to: Self.minute(70))
                #expect(try await agent.outcomes(id.value) == ["started"] + test.missed + ["started"])
            }
            // Restarted again at once: nothing is caught up twice.
            try await TriggerHarness.run(store: store, clock: clock) { agent async throws in
                #expect(try await agent.fires(id.value).count == 7)
                let states = try await agent.store.triggerStates(workflowID: id.value)
                #expect(states.first?.lastScheduledAt == TriggerCoreTime.date(Self.minute(70)))
            }
        }
    }
}

/// Carries a value from one harness's body to the next.
final class IDBox: @unchecked Sendable {
    // Written by one harness body and read by a later one; the bodies run one after the other, never at once.
    var value = ""
}
