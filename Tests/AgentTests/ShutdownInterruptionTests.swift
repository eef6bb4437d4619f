import Actions
import Agent
import Foundation
import Logging
import Store
import SundialTesting
import Testing
import Workflow

@Suite("A shutdown's grace period ends while executions run")
struct ShutdownInterruptionTests {
    /// `Slow` (scripted) then `After` (a noop), with `onAgentRestart` when given.
    static func definition(onAgentRestart: String? = nil) throws -> WorkflowDefinition {
        let restart = onAgentRestart.map { #", "onAgentRestart": "\#($0)""# } ?? ""
        let json = #"""
            {"data": {"type": "workflows", "attributes": {"name": "Slow", "published": true,
              "spec": {"steps": [
                {"name": "Slow", "actionId": "test.scripted",
                 "outboundEdges": [{"branchName": "main", "nextStepName": "After"}]},
                {"name": "After", "actionId": "com.datadoghq.core.noop"}],
               "triggers": [{"apiTrigger": {}}]\#(restart)}}}}
            """#
        return try WorkflowDocument.decode(data: Data(json.utf8), format: .json).workflow
    }

    static func runtime(_ store: SQLiteStore, _ script: ScriptedAction.Script) -> AgentRuntime {
        var registry = ActionRegistry.builtIns()
        registry = ActionRegistry(
            actions: Array(registry.actions.values) + [ScriptedAction(script: script)])
        return AgentRuntime(
            store: store, registry: registry, dispatcher: ExecutionDispatcher(), logger: Logger(label: "test"),
            clock: ManualClock(nowMillis: 1_750_000_000_000))
    }

    /// Stores and queues execution `id`, runs a pool until its step is in flight, then stops the dispatcher and
    /// cancels the pool as the service group does when the grace period ends.
    static func interrupt(_ runtime: AgentRuntime, _ script: ScriptedAction.Script, id: String) async throws {
        let execution = Execution(
            id: id, workflowID: "w", workflowName: "Slow", priority: 5,
            steps: [StepRun(name: "Slow", actionId: "test.scripted"), StepRun(name: "After", actionId: "noop")],
            createdAt: Date(timeIntervalSince1970: 1_750_000_000))
        _ = try await runtime.store.createExecution(execution, idempotencyKey: nil, actor: "test")
        runtime.dispatcher.enqueue(executionID: id, workflowID: "w", priority: 5, fireTime: 0)
        script.blocking = true
        let pool = Task { try await WorkerPool(runtime: runtime, workers: 1, shutdownGrace: .seconds(7)).run() }
        #expect(await eventually { script.runs(id, "Slow") == 1 })
        // The shutdown stops the dispatcher first; the end of the grace period then cancels the pool.
        runtime.dispatcher.stop()
        pool.cancel()
        try await pool.value
        script.blocking = false
    }

    @Test("the run is left Running, its step marked interrupted by the shutdown, and the next start resumes it")
    func leftToResume() async throws {
        try await SQLiteStore.withStore(.inMemory) { store in
            _ = try await store.createWorkflow(id: "w", definition: try Self.definition(), actor: "test", at: Date())
            let script = ScriptedAction.Script()
            try await Self.interrupt(Self.runtime(store, script), script, id: "e1")

            let left = try #require(try await store.execution(id: "e1"))
            #expect(left.status == .running)
            #expect(left.error == nil && left.finishedAt == nil)
            #expect(left.steps.map(\.status) == [.running, .pending])
            #expect(left.steps[0].attempts.last?.outcome == .stopped)
            #expect(left.steps[0].attempts.last?.error?.code == "agent.shutdown")
            let line = try #require(left.logs.last)
            #expect(line.level == .warning)
            #expect(
                line.message
                    == "the agent shut down (its shutdown grace period of 7 s ended) while it ran; interrupted: "
                    + "\"Slow\"; it resumes when the agent starts again")
            #expect(try await store.callbacks(executionID: "e1").isEmpty)

            // The next start: recovery resumes it, and the step runs again.
            let next = Self.runtime(store, script)
            let recovered = RecoveredExecutions()
            let outcome = try await Recovery(runtime: next, recovered: recovered).run()
            #expect(outcome.resumed == 1 && outcome.failed == 0)
            try await RecoveryTests.drain(next, recovered: recovered)
            let resumed = try #require(try await store.execution(id: "e1"))
            #expect(resumed.status == .successful)
            #expect(resumed.steps.map(\.status) == [.successful, .successful])
            #expect(resumed.steps[0].attempts.map(\.outcome) == [.stopped, .succeeded])
            #expect(script.runs("e1", "Slow") == 2)
        }
    }

    @Test("with onAgentRestart: fail the run ends Failed, saying the agent shut down")
    func failsWhenAsked() async throws {
        try await SQLiteStore.withStore(.inMemory) { store in
            _ = try await store.createWorkflow(
                id: "w", definition: try Self.definition(onAgentRestart: "fail"), actor: "test", at: Date())
            let script = ScriptedAction.Script()
            try await Self.interrupt(Self.runtime(store, script), script, id: "e2")
            let failed = try #require(try await store.execution(id: "e2"))
            #expect(failed.status == .failed)
            #expect(failed.error?.code == "agent.shutdown")
            #expect(
                failed.error?.message
                    == "the agent shut down (its shutdown grace period of 7 s ended) while it ran and its workflow's "
                    + "onAgentRestart is fail")
            #expect(failed.steps.map(\.status) == [.stopped, .skipped])
            #expect(failed.logs.last?.message == "execution failed: \(failed.error?.message ?? "")")
            #expect(failed.finishedAt != nil)
        }
    }

    @Test("a run cancelled over the API while the agent runs still ends Cancelled")
    func cancelStaysCancel() async throws {
        try await SQLiteStore.withStore(.inMemory) { store in
            _ = try await store.createWorkflow(id: "w", definition: try Self.definition(), actor: "test", at: Date())
            let script = ScriptedAction.Script()
            let runtime = Self.runtime(store, script)
            let execution = Execution(
                id: "e3", workflowID: "w", workflowName: "Slow", priority: 5,
                steps: [StepRun(name: "Slow", actionId: "test.scripted"), StepRun(name: "After", actionId: "noop")],
                createdAt: Date(timeIntervalSince1970: 1_750_000_000))
            _ = try await store.createExecution(execution, idempotencyKey: nil, actor: "test")
            runtime.dispatcher.enqueue(executionID: "e3", workflowID: "w", priority: 5, fireTime: 0)
            script.blocking = true
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await WorkerPool(runtime: runtime, workers: 1).run() }
                #expect(await eventually { script.runs("e3", "Slow") == 1 })
                #expect(runtime.dispatcher.cancel("e3") == .running)
                await runtime.dispatcher.idle()
                runtime.dispatcher.stop()
                try await group.waitForAll()
            }
            let cancelled = try #require(try await store.execution(id: "e3"))
            #expect(cancelled.status == .cancelled)
            #expect(cancelled.error?.code == "execution.cancelled")
        }
    }
}
