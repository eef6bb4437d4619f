import Testing
import Workflow

@testable import Agent

/// The overlap bookkeeping as a value: what each phase counts as, BUFFER_ONE's release and CANCEL_PREVIOUS's marks.
@Suite("Trigger runs")
struct TriggerRunsTests {
    static let key = TriggerKey(workflowID: "w", kind: .schedule)
    static let other = TriggerKey(workflowID: "v", kind: .schedule)

    @Test("active and waiting runs are counted per trigger through their phases")
    func counts() {
        var runs = TriggerRuns()
        runs.add("a", key: Self.key, phase: .committing(.enqueue), fireTime: 1)
        runs.add("b", key: Self.key, phase: .committing(.hold), fireTime: 2)
        runs.add("c", key: Self.other, phase: .queued, fireTime: 3)
        #expect(runs.counts(Self.key) == (1, 1))
        #expect(runs.counts(Self.other) == (1, 0))
        #expect(runs.committed("a") == .enqueue)
        #expect(runs.committed("b") == .hold)
        #expect(runs.committed("a") == nil)
        #expect(runs.counts(Self.key) == (1, 1))
        #expect(runs.remove("c") == nil)
        #expect(runs.counts(Self.other) == (0, 0))
        #expect(runs.remove("nope") == nil)
    }

    @Test("BUFFER_ONE: the held run is released when the last active one ends; one still written waits for its commit")
    func bufferRelease() throws {
        var runs = TriggerRuns()
        runs.add("a", key: Self.key, phase: .queued, fireTime: 1)
        runs.add("b", key: Self.key, phase: .held, fireTime: 2)
        let removed = runs.remove("a")
        let released = try #require(removed)
        #expect(released.id == "b")
        #expect(released.run.phase == .queued)
        #expect(runs.counts(Self.key) == (1, 0))

        runs.add("c", key: Self.key, phase: .committing(.hold), fireTime: 3)
        #expect(runs.remove("b") == nil)
        #expect(runs.counts(Self.key) == (1, 0))
        #expect(runs.committed("c") == .enqueue)
    }

    @Test("CANCEL_PREVIOUS: queued runs are cancelled now, runs being written after their commit")
    func cancelActive() {
        var runs = TriggerRuns()
        runs.add("a", key: Self.key, phase: .queued, fireTime: 1)
        runs.add("b", key: Self.key, phase: .committing(.enqueue), fireTime: 2)
        runs.add("c", key: Self.other, phase: .queued, fireTime: 3)
        #expect(runs.cancelActive(Self.key) == ["a"])
        #expect(runs.counts(Self.key) == (0, 0))
        #expect(runs.committed("b") == .cancel)
        #expect(runs.counts(Self.other) == (1, 0))
        #expect(runs.cancelActive(Self.key).isEmpty)
    }
}
