import Foundation
import Store
import Testing
import Workflow

@testable import Agent

@Suite("Cancelling a queued execution")
struct ExecutionCancellerTests {
    @Test func aRecoveredRunCancelledBeforeItResumesStopsItsInterruptedStep() async throws {
        try await SQLiteStore.withStore(.inMemory) { store in
            let created = Date(timeIntervalSince1970: 1_800_000_000)
            var execution = Execution(
                id: "e", workflowID: "w", workflowName: "W",
                steps: [
                    StepRun(name: "A", actionId: "t.ok", status: .successful),
                    StepRun(name: "B", actionId: "t.ok", status: .running), StepRun(name: "C", actionId: "t.ok"),
                ], createdAt: created)
            _ = try await store.createExecution(execution, idempotencyKey: nil, actor: "test")
            execution.status = .running
            execution.startedAt = created
            try await store.record(.executionStarted(execution))
            let dispatcher = ExecutionDispatcher()
            dispatcher.enqueue(executionID: "e", workflowID: "w", priority: 5, fireTime: 0)
            let cancelledAt = created.addingTimeInterval(60)
            let canceller = ExecutionCanceller(
                store: store, dispatcher: dispatcher, metrics: AgentMetrics(), now: { cancelledAt })

            #expect(try await canceller.cancel(execution) == .dequeued(ExecutionDispatcher.Job(
                executionID: "e", workflowID: "w", priority: 5)))
            let stored = try #require(try await store.execution(id: "e"))
            #expect(stored.status == .cancelled)
            #expect(stored.steps.map(\.status) == [.successful, .stopped, .skipped])
            #expect(stored.step("B")?.finishedAt == cancelledAt)
            #expect(stored.statistics.running == 0 && stored.statistics.stopped == 1)
        }
    }
}
