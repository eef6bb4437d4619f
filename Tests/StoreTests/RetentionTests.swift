import Foundation
import Store
import Testing
import Workflow

@Suite("Retention")
struct RetentionTests {
    /// Six finished executions of `wf-a` (finished at 10, 20 … 60 s), two of `wf-b`, one running `wf-a`.
    private func fill(_ store: SQLiteStore) async throws {
        for index in 0..<6 {
            let pending = pendingExecution("a\(index)", workflowID: "wf-a", created: time(Double(index) * 10))
            try await store.record(
                .executionFinished(
                    finishedExecution(
                        pending, started: time(Double(index) * 10), finished: time(Double(index + 1) * 10))))
        }
        for index in 0..<2 {
            let pending = pendingExecution("b\(index)", workflowID: "wf-b", created: time(Double(index)))
            try await store.record(.executionFinished(finishedExecution(pending, started: time(1), finished: time(2))))
        }
        var running = pendingExecution("a-running", workflowID: "wf-a", created: time(-100))
        running.status = .running
        running.startedAt = time(-100)
        try await store.record(.executionStarted(running))
    }

    private func ids(_ store: SQLiteStore) async throws -> [String] {
        try await store.executions(ExecutionQuery(limit: 100)).executions.map(\.id).sorted()
    }

    @Test(arguments: StoreKind.allCases)
    func keepsTheNewestPerWorkflowInSmallBatches(kind: StoreKind) async throws {
        try await withTestStore(kind) { store async throws in
            try await fill(store)
            let policy = RetentionPolicy(maxExecutionsPerWorkflow: 2, batchSize: 3)
            #expect(try await store.prune(policy, now: time(100)) == 3)
            #expect(try await store.prune(policy, now: time(100)) == 1)
            #expect(try await store.prune(policy, now: time(100)) == 0)
            #expect(try await ids(store) == ["a-running", "a4", "a5", "b0", "b1"])
            // Steps and attempts went with their executions.
            #expect(try await store.execution(id: "a0") == nil)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func removesFinishedExecutionsPastTheAgeLimitButNotPendingCallbacks(kind: StoreKind) async throws {
        try await withTestStore(kind) { store async throws in
            try await fill(store)
            let old = pendingExecution(
                "old-callback", workflowID: "wf-c", created: time(0), callback: "https://hooks.example/x")
            try await store.record(.executionFinished(finishedExecution(old, started: time(0), finished: time(1))))
            let pruner = RetentionPruner(
                store: store, policy: RetentionPolicy(maxAge: .seconds(35), batchSize: 2), clock: ContinuousClock(),
                now: { time(60) })
            #expect(try await pruner.pruneAll() == 4)
            #expect(try await ids(store) == ["a-running", "a2", "a3", "a4", "a5", "old-callback"])

            let callback = try #require(try await store.callbacks(executionID: "old-callback").first)
            try await store.recordDelivery(
                callbackID: callback.id,
                attempt: DeliveryAttempt(number: 1, at: time(50), statusCode: 204, duration: .zero),
                outcome: .delivered)
            #expect(try await pruner.pruneAll() == 1)
            #expect(try await store.callbacks(executionID: "old-callback").isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func anEmptyPolicyKeepsEverything(kind: StoreKind) async throws {
        try await withTestStore(kind) { store async throws in
            try await fill(store)
            #expect(try await store.prune(RetentionPolicy(), now: time(1_000_000)) == 0)
            #expect(try await ids(store).count == 9)
        }
    }
}
