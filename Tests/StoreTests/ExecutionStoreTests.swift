import Foundation
import Store
import Testing
import Workflow

@Suite("Executions in the store")
struct ExecutionStoreTests {
    @Test(arguments: StoreKind.allCases)
    func engineEventsRebuildTheFinalExecution(kind: StoreKind) async throws {
        try await withTestStore(kind) { store async throws in
            var pending = pendingExecution("e1", callback: "https://hooks.example/done")
            pending.triggerData = ["payload": ["alert": "disk full"], "source": "alertmanager"]
            #expect(try await store.createExecution(pending, idempotencyKey: nil, actor: "alice") == .created(pending))
            #expect(try await store.execution(id: "e1") == pending)

            var running = pending
            running.status = .running
            running.startedAt = time(1)
            try await store.record(.executionStarted(running))
            try await store.record(.stepStarted(executionID: "e1", stepName: "A", at: time(1)))
            let stored = try #require(try await store.execution(id: "e1"))
            #expect(stored.step("A")?.status == .running)
            #expect(stored.statistics.running == 1 && stored.statistics.pending == 2)

            let final = finishedExecution(pending, started: time(1), finished: time(2))
            try await store.record(
                .attemptFinished(executionID: "e1", stepName: "A", attempt: final.steps[0].attempts[0]))
            try await store.record(.stepFinished(executionID: "e1", step: final.steps[0]))
            try await store.record(.outputs(executionID: "e1", final.outputs))
            try await store.record(.executionFinished(final))
            #expect(try await store.execution(id: "e1") == final)

            // The terminal status and its callback commit together, and only once.
            try await store.record(.executionFinished(final))
            let callbacks = try await store.callbacks(executionID: "e1")
            #expect(callbacks.count == 1)
            #expect(callbacks.first?.url == "https://hooks.example/done")
            #expect(callbacks.first?.nextAttemptAt == time(2))
        }
    }

    @Test(arguments: StoreKind.allCases)
    func failedStepsKeepErrorsRetriesAndFallbacks(kind: StoreKind) async throws {
        try await withTestStore(kind) { store async throws in
            var execution = finishedExecution(
                pendingExecution("e1"), started: time(1), finished: time(9), status: .failed)
            let error = StepError(
                code: "http.status", message: "500 from upstream", stepName: "B", output: ["status": 500])
            execution.steps[1].status = .failed
            execution.steps[1].attempts = [
                StepAttempt(number: 1, outcome: .timedOut, startedAt: time(1), finishedAt: time(2), error: error),
                StepAttempt(number: 2, outcome: .failed, startedAt: time(3), finishedAt: time(4), error: error),
            ]
            execution.steps[1].output = nil
            execution.steps[1].error = error
            execution.steps[1].fallbackStepNames = ["C"]
            execution.error = error
            try await store.record([.executionStarted(pendingExecution("e1")), .executionFinished(execution)])
            #expect(try await store.execution(id: "e1") == execution)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func idempotencyKeyReturnsTheFirstExecution(kind: StoreKind) async throws {
        try await withTestStore(kind) { store async throws in
            let first = pendingExecution("e1", workflowID: "wf")
            #expect(try await store.createExecution(first, idempotencyKey: "key-1", actor: "a") == .created(first))
            let again = try await store.createExecution(
                pendingExecution("e2", workflowID: "wf"), idempotencyKey: "key-1", actor: "a")
            #expect(again == .existing(first))
            // The same key on another workflow is another request.
            let other = pendingExecution("e3", workflowID: "wf-other")
            #expect(try await store.createExecution(other, idempotencyKey: "key-1", actor: "a") == .created(other))
            #expect(try await store.execution(id: "e2") == nil)
            let duplicate = await #expect(throws: StoreError.self) {
                _ = try await store.createExecution(first, idempotencyKey: nil, actor: "a")
            }
            #expect(duplicate?.code == "store.conflict")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func queriesPageByWorkflowStatusAndTimeRanges(kind: StoreKind) async throws {
        try await withTestStore(kind) { store async throws in
            // Ten executions over two workflows; even ones finished, odd ones still running.
            for index in 0..<10 {
                let pending = pendingExecution(
                    "e\(index)", workflowID: index < 6 ? "wf-a" : "wf-b", created: time(Double(index) * 10))
                let started = time(Double(index) * 10 + 1)
                if index.isMultiple(of: 2) {
                    try await store.record(
                        .executionFinished(
                            finishedExecution(pending, started: started, finished: time(Double(index) * 10 + 5))))
                } else {
                    var running = pending
                    running.status = .running
                    running.startedAt = started
                    try await store.record(.executionStarted(running))
                }
            }
            let byWorkflow = try await store.executions(ExecutionQuery(workflowID: "wf-a", limit: 4))
            #expect(byWorkflow.total == 6)
            #expect(byWorkflow.executions.map(\.id) == ["e5", "e4", "e3", "e2"])
            let secondPage = try await store.executions(ExecutionQuery(workflowID: "wf-a", offset: 4, limit: 4))
            #expect(secondPage.executions.map(\.id) == ["e1", "e0"])

            let running = try await store.executions(ExecutionQuery(statuses: [.running, .pending]))
            #expect(running.total == 5 && running.executions.allSatisfy { $0.status == .running })

            let startedWindow = try await store.executions(
                ExecutionQuery(statuses: [.successful], startedIn: time(21)..<time(61)))
            #expect(startedWindow.executions.map(\.id) == ["e4", "e2"])
            let finishedWindow = try await store.executions(ExecutionQuery(finishedIn: time(46)..<time(100)))
            #expect(finishedWindow.executions.map(\.id) == ["e8", "e6"])
            #expect(finishedWindow.total == 2)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func eventsForAnUnknownExecutionFailWithoutWriting(kind: StoreKind) async throws {
        try await withTestStore(kind) { store async throws in
            let error = await #expect(throws: StoreError.self) {
                try await store.record(.stepStarted(executionID: "nope", stepName: "A", at: time(0)))
            }
            #expect(error?.code == "store.notFound")
            // A batch of events is one write: the failing last one undoes the first.
            await #expect(throws: StoreError.self) {
                try await store.record([.executionStarted(pendingExecution("e1")), .outputs(executionID: "nope", [:])])
            }
            #expect(try await store.execution(id: "e1") == nil)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func storeObserverPersistsEventsAndReportsFailures(kind: StoreKind) async throws {
        try await withTestStore(kind) { store async throws in
            let failures = FailureLog()
            let observer = StoreObserver(store: store) { event, error in await failures.add("\(event): \(error)") }
            let pending = pendingExecution("e1")
            var running = pending
            running.status = .running
            running.startedAt = time(1)
            let final = finishedExecution(pending, started: time(1), finished: time(3))
            for event: ExecutionEvent in [.executionStarted(running), .executionFinished(final)] {
                await observer.observe(event)
            }
            await observer.observe(.outputs(executionID: "missing", [:]))
            #expect(try await store.execution(id: "e1") == final)
            #expect(await failures.lines.count == 1)
        }
    }
}

actor FailureLog {
    var lines: [String] = []
    func add(_ line: String) { lines.append(line) }
}
