import Foundation
import Logging
import Store
import SundialTesting
import Synchronization
import Testing
import Workflow

@testable import Agent

@Suite("Execution events reach the store")
struct CoalescingStoreObserverTests {
    /// A stored Pending execution of a two-step workflow, and an observer that never flushes on its own.
    func withExecution(
        _ body: (any Store, Execution, CoalescingStoreObserver) async throws -> Void
    ) async throws {
        try await SQLiteStore.withStore(.inMemory) { store in
            let steps = [StepRun(name: "A", actionId: "t.ok"), StepRun(name: "B", actionId: "t.ok")]
            let execution = Execution(id: "e", workflowID: "w", workflowName: "W", steps: steps, createdAt: Date())
            _ = try await store.createExecution(execution, idempotencyKey: nil, actor: "test")
            let observer = CoalescingStoreObserver(store: store, flusher: nil) { batch, error in
                Issue.record("could not write \(batch.count) events: \(error)")
            }
            try await body(store, execution, observer)
        }
    }

    @Test("a finished step is committed, with the events before it, before the next step starts")
    func stepFinishedIsDurableBeforeTheNextStart() async throws {
        try await withExecution { store, pending, observer in
            var running = pending
            running.status = .running
            running.startedAt = Date()
            await observer.observe(.executionStarted(running))
            await observer.observe(.stepStarted(executionID: "e", stepName: "A", at: Date()))
            // Held: nothing is written yet.
            #expect(try await store.execution(id: "e")?.status == .pending)

            var finished = running.steps[0]
            finished.status = .successful
            finished.output = ["n": 1]
            await observer.observe(.stepFinished(executionID: "e", step: finished))
            // Still held: no step has started after it.
            await observer.settled()
            #expect(try await store.execution(id: "e")?.step("A")?.status == .pending)

            await observer.observe(.stepStarted(executionID: "e", stepName: "B", at: Date()))
            let stored = try #require(try await store.execution(id: "e"))
            #expect(stored.status == .running)
            #expect(stored.step("A")?.status == .successful)
            #expect(stored.step("A")?.output == ["n": 1])
            #expect(stored.step("B")?.status == .running)
        }
    }

    @Test("a step start waits for a flushed step end the full disk has not let commit")
    func aStartWaitsForAFlushedStepEnd() async throws {
        try await SQLiteStore.withStore(.inMemory) { base in
            let store = FullDiskStore(base)
            let steps = [StepRun(name: "A", actionId: "t.ok"), StepRun(name: "B", actionId: "t.ok")]
            let execution = Execution(id: "e", workflowID: "w", workflowName: "W", steps: steps, createdAt: Date())
            _ = try await store.createExecution(execution, idempotencyKey: nil, actor: "test")
            let retry = StoreWriteRetry(clock: ManualClock(), logger: Logger(label: "test"))
            let observer = CoalescingStoreObserver(store: store, flusher: nil, retry: retry) { batch, error in
                Issue.record("could not write \(batch.count) events: \(error)")
            }
            store.full = true
            var running = execution
            running.status = .running
            await observer.observe(.executionStarted(running))
            await observer.observe(.stepStarted(executionID: "e", stepName: "A", at: Date()))
            var finished = running.steps[0]
            finished.status = .successful
            await observer.observe(.stepFinished(executionID: "e", step: finished))
            // The pool's flusher starts writing the held events; the disk refuses them.
            observer.startFlush()
            #expect(await eventually { retry.snapshot.heldEvents == 3 })
            let started = Mutex(false)
            let next = Task {
                await observer.observe(.stepStarted(executionID: "e", stepName: "B", at: Date()))
                started.withLock { $0 = true }
            }
            for _ in 0..<200 { await Task.yield() }
            #expect(started.withLock { $0 } == false)
            store.full = false
            retry.retryNow()
            await next.value
            #expect(try await base.execution(id: "e")?.step("A")?.status == .successful)
        }
    }

    @Test("a step start with no finished step held stays held")
    func aStartAfterAFlushIsHeld() async throws {
        try await withExecution { store, pending, observer async throws in
            var finished = pending.steps[0]
            finished.status = .successful
            await observer.observe(.stepStarted(executionID: "e", stepName: "A", at: Date()))
            await observer.observe(.stepFinished(executionID: "e", step: finished))
            await observer.flushHeld()
            #expect(try await store.execution(id: "e")?.step("A")?.status == .successful)
            await observer.observe(.stepStarted(executionID: "e", stepName: "B", at: Date()))
            await observer.settled()
            #expect(try await store.execution(id: "e")?.step("B")?.status == .pending)
        }
    }

    @Test("held events are written by a flush, in order, before a later durable write")
    func flushKeepsOrder() async throws {
        try await withExecution { store, pending, observer in
            var running = pending
            running.status = .running
            running.startedAt = Date()
            await observer.observe(.executionStarted(running))
            await observer.observe(.stepStarted(executionID: "e", stepName: "B", at: Date()))
            await observer.flushHeld()
            #expect(try await store.execution(id: "e")?.step("B")?.status == .running)

            // A step that starts and finishes at once: its start must not land after its end.
            await observer.observe(.stepStarted(executionID: "e", stepName: "A", at: Date()))
            var finished = running.steps[0]
            finished.status = .successful
            await observer.observe(.stepFinished(executionID: "e", step: finished))
            var done = running
            done.status = .successful
            done.finishedAt = Date()
            done.steps[0] = finished
            done.steps[1].status = .skipped
            done.outputs = ["x": 1]
            await observer.observe(.outputs(executionID: "e", ["x": 1]))
            await observer.observe(.executionFinished(done))
            let stored = try #require(try await store.execution(id: "e"))
            #expect(stored.status == .successful)
            #expect(stored.step("A")?.status == .successful)
            #expect(stored.outputs == ["x": 1])
        }
    }

    @Test("the end of an execution is written alone: what was held is in it")
    func theFinishSupersedesHeldEvents() async throws {
        try await withExecution { store, pending, observer in
            let sqlite = try #require(store as? SQLiteStore)
            var done = pending
            done.status = .successful
            done.startedAt = Date()
            done.finishedAt = Date()
            done.steps[0].status = .successful
            done.steps[0].attempts = [
                StepAttempt(number: 1, outcome: .succeeded, startedAt: Date(), finishedAt: Date(), output: ["n": 1])
            ]
            done.steps[1].status = .skipped
            var running = pending
            running.status = .running
            await observer.observe(.executionStarted(running))
            await observer.observe(.stepStarted(executionID: "e", stepName: "A", at: Date()))
            await observer.observe(.attemptFinished(executionID: "e", stepName: "A", attempt: done.steps[0].attempts[0]))
            await observer.observe(.stepFinished(executionID: "e", step: done.steps[0]))
            let before = sqlite.commitCounts
            await observer.observe(.executionFinished(done))
            let after = sqlite.commitCounts
            #expect(after.writes - before.writes == 1)
            // The execution, its two steps and the one attempt: nothing written twice.
            #expect(after.rows - before.rows == 4)
            let stored = try #require(try await store.execution(id: "e"))
            #expect(stored.status == .successful)
            #expect(stored.step("A")?.attempts.map(\.output) == [["n": 1]])
            #expect(stored.step("B")?.status == .skipped)
        }
    }

    @Test("the pool's flusher writes held events (a long step shows Running) without a durable event")
    func flusherWritesHeldEvents() async throws {
        try await SQLiteStore.withStore(.inMemory) { store in
            let steps = [StepRun(name: "A", actionId: "t.ok")]
            let execution = Execution(id: "e", workflowID: "w", workflowName: "W", steps: steps, createdAt: Date())
            _ = try await store.createExecution(execution, idempotencyKey: nil, actor: "test")
            let flusher = HeldEventFlusher()
            let observer = CoalescingStoreObserver(store: store, flusher: flusher) { batch, error in
                Issue.record("could not write \(batch.count) events: \(error)")
            }
            var running = execution
            running.status = .running
            running.startedAt = Date()
            await observer.observe(.executionStarted(running))
            await observer.observe(.stepStarted(executionID: "e", stepName: "A", at: Date()))
            await observer.settled()
            #expect(try await store.execution(id: "e")?.step("A")?.status == .pending)
            flusher.flushNow()
            await observer.settled()
            let stored = try #require(try await store.execution(id: "e"))
            #expect(stored.status == .running)
            #expect(stored.step("A")?.status == .running)
        }
    }
}
