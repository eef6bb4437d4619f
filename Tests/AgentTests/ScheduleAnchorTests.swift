import Agent
import Foundation
import Store
import SundialTesting
import Testing
import Workflow

/// A bare RRULE is anchored when its workflow is created, at second 0 unless the rule names BYSECOND.
@Suite("Schedule triggers: the anchor of a bare RRULE")
struct ScheduleAnchorTests {
    static let t0 = TriggerHarness.utc(2026, 3, 2)

    @Test(
        "a bare RRULE created at :17 fires at second 0, or at its BYSECOND",
        arguments: [
            ("FREQ=HOURLY;BYMINUTE=15", TriggerHarness.utc(2026, 3, 2, 0, 15, 0)),
            ("FREQ=HOURLY;BYMINUTE=15;BYSECOND=30", TriggerHarness.utc(2026, 3, 2, 0, 15, 30)),
            ("FREQ=MINUTELY;INTERVAL=5", TriggerHarness.utc(2026, 3, 2, 0, 5, 0)),
        ])
    func secondZero(rule: String, expected: Int64) async throws {
        let clock = ManualClock(nowMillis: Self.t0 + 17_000)
        try await TriggerHarness.withStore { store in
            try await TriggerHarness.run(store: store, clock: clock) { agent async throws in
                let id = try await agent.create(TriggerHarness.scheduled(rule))
                await agent.advance(to: Self.t0 + 16 * 60_000)
                let first = try #require(try await agent.startedTimes(id).first)
                #expect(first == expected, "first fire \(first - Self.t0) ms after midnight")
            }
        }
    }
}
