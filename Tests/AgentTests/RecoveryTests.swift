import Actions
import Agent
import Foundation
import Logging
import Store
import Testing
import Workflow

@Suite("Recovery on start")
struct RecoveryTests {
    @Test("Pending executions are queued again; Running ones are failed with the reason")
    func recover() async throws {
        try await SQLiteStore.withStore(.inMemory) { store in
            let definition = try WorkflowDocument.decode(data: Data(Samples.noopWorkflow.utf8), format: .json).workflow
            _ = try await store.createWorkflow(id: "w", definition: definition, actor: "test", at: Date())
            let steps = [StepRun(name: "Only", actionId: "com.datadoghq.core.noop")]
            let pending = Execution(
                id: "pending", workflowID: "w", workflowName: "Noop", priority: 2, steps: steps, createdAt: Date())
            var running = Execution(
                id: "running", workflowID: "w", workflowName: "Noop", steps: steps, createdAt: Date())
            _ = try await store.createExecution(pending, idempotencyKey: nil, actor: "test")
            _ = try await store.createExecution(running, idempotencyKey: nil, actor: "test")
            running.status = .running
            running.startedAt = Date()
            try await store.record(.executionStarted(running))
            let dispatcher = ExecutionDispatcher()
            let runtime = AgentRuntime(
                store: store, registry: ActionRegistry.builtIns(), dispatcher: dispatcher,
                logger: Logger(label: "test"))
            let result = try await Recovery(runtime: runtime).run()
            #expect(result.requeued == 1)
            #expect(result.failed == 1)
            #expect(dispatcher.depth == 1)
            #expect(await dispatcher.next()?.executionID == "pending")
            let failed = try await store.execution(id: "running")
            #expect(failed?.status == .failed)
            #expect(failed?.error?.message == "the agent stopped while it ran")
            #expect(failed?.finishedAt != nil)
        }
    }
}
