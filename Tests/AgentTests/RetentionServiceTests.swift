import Foundation
import Logging
import Store
import Testing
import Workflow

@testable import Agent

@Suite("Finished executions past retention are pruned in the background")
struct RetentionServiceTests {
    private func finished(_ id: String, endedDaysAgo days: Double, now: Date) -> Execution {
        let end = now.addingTimeInterval(-days * 86_400)
        var execution = Execution(
            id: id, workflowID: "w", workflowName: "W", status: .successful,
            steps: [StepRun(name: "A", actionId: "t.ok", status: .successful)], createdAt: end.addingTimeInterval(-1))
        execution.startedAt = end.addingTimeInterval(-1)
        execution.finishedAt = end
        return execution
    }

    @Test func aPassRemovesWhatEndedBeforeTheCutoffAndKeepsTheRest() async throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        try await SQLiteStore.withStore(.inMemory) { store in
            for execution in [finished("old", endedDaysAgo: 31, now: now), finished("new", endedDaysAgo: 29, now: now)] {
                _ = try await store.createExecution(execution, idempotencyKey: nil, actor: "test")
                try await store.record(.executionFinished(execution))
            }
            let policy = try #require(AgentRetention(maxAgeDays: 30).policy)
            let service = RetentionService(store: store, policy: policy, now: { now }, logger: Logger(label: "test"))
            #expect(await service.pass() == 1)
            #expect(try await store.execution(id: "old") == nil)
            #expect(try await store.execution(id: "new") != nil)
            #expect(await service.pass() == 0)
        }
    }

    @Test func itStopsWhenCancelled() async throws {
        try await SQLiteStore.withStore(.inMemory) { store in
            let service = RetentionService(
                store: store, policy: RetentionPolicy(maxAge: .seconds(86_400)), interval: .seconds(3_600),
                now: { Date() }, logger: Logger(label: "test"))
            let running = Task { try await service.run() }
            running.cancel()
            try await running.value
        }
    }
}
