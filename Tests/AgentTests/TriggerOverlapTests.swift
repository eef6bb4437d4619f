import Agent
import Foundation
import Store
import SundialTesting
import Testing
import Workflow

/// A schedule trigger's `overlapBehavior` against the runs it started that are still queued or running.
@Suite("Schedule overlap behaviors")
struct TriggerOverlapTests {
    static let t0 = TriggerHarness.utc(2026, 3, 2)
    static let everyMinute = #"DTSTART:20260302T000000Z\nRRULE:FREQ=MINUTELY"#

    static func minute(_ minutes: Int64) -> Int64 { t0 + minutes * 60_000 }

    static func workflow(_ overlap: String) -> String {
        TriggerHarness.scheduled(Self.everyMinute, settings: #", "overlapBehavior": "\#(overlap)""#)
    }

    @Test("EXCLUSIVE_RUN skips fires while its run is queued or running")
    func exclusive() async throws {
        let clock = ManualClock(nowMillis: Self.minute(0) + 1)
        try await TriggerHarness.withStore { store in
            try await TriggerHarness.run(store: store, clock: clock) { agent async throws in
                let id = try await agent.create(Self.workflow("EXCLUSIVE_RUN"))
                await agent.advance(to: Self.minute(1))
                await agent.advance(to: Self.minute(2))
                #expect(try await agent.outcomes(id) == ["started", "overlap"])
                // A worker claims it: still running.
                let job = try #require(await agent.dispatcher.next())
                await agent.advance(to: Self.minute(3))
                #expect(try await agent.outcomes(id) == ["started", "overlap", "overlap"])
                agent.dispatcher.finished(job)
                await agent.advance(to: Self.minute(4))
                #expect(try await agent.outcomes(id) == ["started", "overlap", "overlap", "started"])
            }
        }
    }

    @Test("BUFFER_ONE keeps one fire waiting, starts it when the run ends, and skips the fires beyond")
    func bufferOne() async throws {
        let clock = ManualClock(nowMillis: Self.minute(0) + 1)
        try await TriggerHarness.withStore { store in
            try await TriggerHarness.run(store: store, clock: clock) { agent async throws in
                let id = try await agent.create(Self.workflow("BUFFER_ONE"))
                await agent.advance(to: Self.minute(3))
                #expect(try await agent.outcomes(id) == ["started", "started", "overlap"])
                let fires = try await agent.fires(id)
                guard case .started(let first) = fires[0].outcome, case .started(let waiting) = fires[1].outcome else {
                    Issue.record("expected two started fires: \(fires)")
                    return
                }
                // The waiting run is stored Pending but held out of the queue.
                #expect(try await agent.store.execution(id: waiting)?.status == .pending)
                #expect(agent.dispatcher.depth == 1)
                #expect(await agent.finishNext() == first)
                #expect(agent.dispatcher.depth == 1)
                #expect(await agent.finishNext() == waiting)
                await agent.advance(to: Self.minute(4))
                #expect(try await agent.outcomes(id) == ["started", "started", "overlap", "started"])
            }
        }
    }

    @Test("CANCEL_PREVIOUS cancels the queued or running run and starts the new one")
    func cancelPrevious() async throws {
        let clock = ManualClock(nowMillis: Self.minute(0) + 1)
        try await TriggerHarness.withStore { store in
            try await TriggerHarness.run(store: store, clock: clock) { agent async throws in
                let id = try await agent.create(Self.workflow("CANCEL_PREVIOUS"))
                await agent.advance(to: Self.minute(1))
                await agent.advance(to: Self.minute(2))
                #expect(try await agent.outcomes(id) == ["started", "started"])
                let fires = try await agent.fires(id)
                guard case .started(let first) = fires[0].outcome, case .started(let second) = fires[1].outcome else {
                    Issue.record("expected two started fires: \(fires)")
                    return
                }
                // The queued first run was taken out of the queue and stored Cancelled.
                let cancelled = try await agent.store.execution(id: first)
                #expect(cancelled?.status == .cancelled)
                #expect(cancelled?.error?.code == "execution.cancelled")
                #expect(agent.dispatcher.depth == 1)

                // The second one is running when the third fire comes: its task is cancelled.
                let job = try #require(await agent.dispatcher.next())
                #expect(job.executionID == second)
                await agent.advance(to: Self.minute(3))
                #expect(agent.core.activeRuns == 2)
                agent.dispatcher.finished(job)
                #expect(agent.core.activeRuns == 1)
                #expect(agent.dispatcher.depth == 1)
                #expect(try await agent.outcomes(id) == ["started", "started", "started"])
            }
        }
    }
}
