import Actions
import Agent
import Foundation
import Logging
import Store
import Testing
import Workflow

@Suite("Recovery on start")
struct RecoveryTests {
    /// A workflow of `steps` (a JSON array) with an apiTrigger and, when given, `onAgentRestart`.
    static func definition(_ steps: String, onAgentRestart: String? = nil) throws -> WorkflowDefinition {
        let restart = onAgentRestart.map { #", "onAgentRestart": "\#($0)""# } ?? ""
        let json = #"""
            {"data": {"type": "workflows", "attributes": {"name": "Recover", "published": true,
              "spec": {"steps": \#(steps), "triggers": [{"apiTrigger": {}}]\#(restart)}}}}
            """#
        return try WorkflowDocument.decode(data: Data(json.utf8), format: .json).workflow
    }

    static let noop = #"[{"name": "Only", "actionId": "com.datadoghq.core.noop"}]"#

    /// A chain: `Fetch` (which fails if it runs), `Wait` (a noop), `Report` (a transform of Fetch's output).
    static let chain = #"""
        [{"name": "Fetch", "actionId": "sundial.fail", "parameters": [{"name": "message", "value": "ran again"}],
          "outboundEdges": [{"branchName": "main", "nextStepName": "Wait"}]},
         {"name": "Wait", "actionId": "com.datadoghq.core.noop",
          "outboundEdges": [{"branchName": "main", "nextStepName": "Report"}]},
         {"name": "Report", "actionId": "sundial.transform",
          "parameters": [{"name": "value", "value": "{{ Steps.Fetch.output.host }}"}]}]
        """#

    static func runtime(_ store: SQLiteStore) -> AgentRuntime {
        AgentRuntime(
            store: store, registry: ActionRegistry.builtIns(), dispatcher: ExecutionDispatcher(),
            logger: Logger(label: "test"))
    }

    /// Stores `steps` of workflow `workflowID` as an execution; `running` ones are then recorded as started, with
    /// `done` steps finished (name → output) and `inFlight` ones running.
    static func store(
        _ store: SQLiteStore, id: String, workflowID: String = "w", priority: Int = 5, createdAt: Date = Date(),
        steps: [String], running: Bool, done: [String: JSONValue] = [:], inFlight: [String] = []
    ) async throws {
        var execution = Execution(
            id: id, workflowID: workflowID, workflowName: "Recover", priority: priority,
            steps: steps.map { StepRun(name: $0, actionId: "com.datadoghq.core.noop") }, createdAt: createdAt)
        _ = try await store.createExecution(execution, idempotencyKey: nil, actor: "test")
        guard running else { return }
        execution.status = .running
        execution.startedAt = createdAt
        execution.logs = [ExecutionLogLine(time: createdAt, level: .info, message: "execution started by a manual run")]
        var events: [ExecutionEvent] = [.executionStarted(execution)]
        for (name, output) in done.sorted(by: { $0.key < $1.key }) {
            var step = StepRun(name: name, actionId: "com.datadoghq.core.noop", status: .successful)
            step.output = output
            step.branch = "main"
            events.append(.stepFinished(executionID: id, step: step))
        }
        for name in inFlight {
            events.append(.stepStarted(executionID: id, stepName: name, at: createdAt))
        }
        try await store.record(events)
    }

    /// Runs one worker until the dispatcher has nothing left.
    static func drain(_ runtime: AgentRuntime, recovered: RecoveredExecutions) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await WorkerPool(runtime: runtime, workers: 1, recovered: recovered).run() }
            await runtime.dispatcher.idle()
            runtime.dispatcher.stop()
            try await group.waitForAll()
        }
    }

    @Test(
        "Pending executions are queued again; Running ones resume, or fail with the reason under onAgentRestart: fail")
    func recover() async throws {
        try await SQLiteStore.withStore(.inMemory) { store in
            _ = try await store.createWorkflow(
                id: "w", definition: try Self.definition(Self.noop), actor: "test", at: Date())
            _ = try await store.createWorkflow(
                id: "f", definition: try Self.definition(Self.noop, onAgentRestart: "fail"), actor: "test", at: Date())
            try await Self.store(store, id: "pending", priority: 2, steps: ["Only"], running: false)
            try await Self.store(store, id: "resumes", steps: ["Only"], running: true, inFlight: ["Only"])
            try await Self.store(
                store, id: "fails", workflowID: "f", steps: ["Only"], running: true, inFlight: ["Only"])
            let runtime = Self.runtime(store)
            let recovered = RecoveredExecutions()
            let outcome = try await Recovery(runtime: runtime, recovered: recovered).run()
            #expect(outcome.requeued == 1 && outcome.resumed == 1 && outcome.failed == 1)
            #expect(runtime.dispatcher.depth == 2)
            #expect(recovered.count == 1)
            #expect(await runtime.dispatcher.next()?.executionID == "pending")
            #expect(await runtime.dispatcher.next()?.executionID == "resumes")
            #expect(try await store.execution(id: "resumes")?.status == .running)
            let failed = try #require(try await store.execution(id: "fails"))
            #expect(failed.status == .failed)
            #expect(failed.error?.message == "the agent stopped while it ran")
            #expect(failed.finishedAt != nil)
            #expect(failed.steps.map(\.status) == [.stopped])
            #expect(failed.logs.last?.message == "execution failed: the agent stopped while it ran")
        }
    }

    @Test("resumed and pending executions queue in priority order, then creation order")
    func order() async throws {
        try await SQLiteStore.withStore(.inMemory) { store in
            _ = try await store.createWorkflow(
                id: "w", definition: try Self.definition(Self.noop), actor: "test", at: Date())
            let base = Date(timeIntervalSince1970: 1_750_000_000)
            // (id, priority, created at in ms after base, running); a and b share a millisecond.
            let plan: [(String, Int, Int, Bool)] = [
                ("a", 5, 0, true), ("b", 5, 0, false), ("c", 1, 9, false), ("d", 9, 1, true), ("e", 5, 5, true),
                ("f", 1, 2, true),
            ]
            for (id, priority, offset, running) in plan {
                try await Self.store(
                    store, id: id, priority: priority, createdAt: base.addingTimeInterval(Double(offset) / 1000),
                    steps: ["Only"], running: running, inFlight: running ? ["Only"] : [])
            }
            let runtime = Self.runtime(store)
            _ = try await Recovery(runtime: runtime).run()
            var popped: [String] = []
            while runtime.dispatcher.depth > 0, let job = await runtime.dispatcher.next() {
                popped.append(job.executionID)
            }
            #expect(popped == ["f", "c", "a", "b", "e", "d"])
        }
    }

    @Test("a Running execution whose workflow's steps changed fails, saying the workflow changed")
    func workflowChanged() async throws {
        try await SQLiteStore.withStore(.inMemory) { store in
            _ = try await store.createWorkflow(
                id: "w", definition: try Self.definition(Self.noop), actor: "test", at: Date())
            try await Self.store(store, id: "old", steps: ["Before"], running: true, inFlight: ["Before"])
            let outcome = try await Recovery(runtime: Self.runtime(store)).run()
            #expect(outcome.failed == 1 && outcome.resumed == 0)
            let failed = try #require(try await store.execution(id: "old"))
            #expect(failed.status == .failed)
            #expect(failed.error?.code == "workflow.changed")
            #expect(failed.error?.message.contains("the workflow changed since it started") == true)
        }
    }

    @Test("a resumed execution keeps its finished steps, runs the one in flight again, and goes on to the end")
    func resumeEndToEnd() async throws {
        try await SQLiteStore.withStore(.inMemory) { store in
            _ = try await store.createWorkflow(
                id: "w", definition: try Self.definition(Self.chain), actor: "test", at: Date())
            let startedAt = Date().addingTimeInterval(-5)
            try await Self.store(
                store, id: "x", createdAt: startedAt, steps: ["Fetch", "Wait", "Report"], running: true,
                done: ["Fetch": ["host": "db1"]], inFlight: ["Wait"])
            let runtime = Self.runtime(store)
            let recovered = RecoveredExecutions()
            _ = try await Recovery(runtime: runtime, recovered: recovered).run()
            try await Self.drain(runtime, recovered: recovered)
            let finished = try #require(try await store.execution(id: "x"))
            #expect(finished.status == .successful)
            #expect(finished.steps.map(\.status) == [.successful, .successful, .successful])
            #expect(finished.step("Fetch")?.output == ["host": "db1"])
            #expect(finished.step("Report")?.output == "db1")
            #expect(finished.logs.first?.message == "execution started by a manual run")
            #expect(
                finished.logs.map(\.message).contains(
                    "execution resumed after an agent restart; running again: \"Wait\""))
            #expect(abs(try #require(finished.startedAt).timeIntervalSince(startedAt)) < 0.001)
            #expect(recovered.count == 0)
        }
    }

    @Test("a worker runs a Running execution only when recovery marked it, and only once")
    func onlyRecovered() async throws {
        try await SQLiteStore.withStore(.inMemory) { store in
            _ = try await store.createWorkflow(
                id: "w", definition: try Self.definition(Self.noop), actor: "test", at: Date())
            try await Self.store(store, id: "stray", steps: ["Only"], running: true, inFlight: ["Only"])
            try await Self.store(store, id: "marked", steps: ["Only"], running: true, inFlight: ["Only"])
            let runtime = Self.runtime(store)
            let recovered = RecoveredExecutions()
            recovered.add("marked")
            for id in ["stray", "marked"] {
                runtime.dispatcher.enqueue(executionID: id, workflowID: "w", priority: 5, fireTime: 0)
            }
            try await Self.drain(runtime, recovered: recovered)
            #expect(try await store.execution(id: "stray")?.status == .running)
            let marked = try #require(try await store.execution(id: "marked"))
            #expect(marked.status == .successful)
            #expect(marked.logs.filter { $0.message.hasPrefix("execution resumed") }.count == 1)
            #expect(recovered.take("marked") == false)
        }
    }

    @Test("a worker fails a recovered execution whose workflow changed after recovery queued it")
    func changedWhileQueued() async throws {
        try await SQLiteStore.withStore(.inMemory) { store in
            _ = try await store.createWorkflow(
                id: "w", definition: try Self.definition(Self.noop), actor: "test", at: Date())
            try await Self.store(store, id: "x", steps: ["Only"], running: true, inFlight: ["Only"])
            let runtime = Self.runtime(store)
            let recovered = RecoveredExecutions()
            _ = try await Recovery(runtime: runtime, recovered: recovered).run()
            let renamed = #"[{"name": "Renamed", "actionId": "com.datadoghq.core.noop"}]"#
            _ = try await store.updateWorkflow(
                id: "w", definition: try Self.definition(renamed), actor: "test", at: Date())
            try await Self.drain(runtime, recovered: recovered)
            let failed = try #require(try await store.execution(id: "x"))
            #expect(failed.status == .failed)
            #expect(failed.error?.code == "workflow.changed")
        }
    }
}
