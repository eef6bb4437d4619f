import Actions
import Agent
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Store
import SundialTesting
import Synchronization
import Testing
import Workflow

@Suite("Execution events the store could not write are retried")
struct StoreWriteRetryTests {
    /// Two scripted steps in a chain.
    static func definition() throws -> WorkflowDefinition {
        let json = #"""
            {"data": {"type": "workflows", "attributes": {"name": "Chain", "published": true,
              "spec": {"steps": [
                {"name": "First", "actionId": "test.scripted",
                 "outboundEdges": [{"branchName": "main", "nextStepName": "Second"}]},
                {"name": "Second", "actionId": "test.scripted"}],
               "triggers": [{"apiTrigger": {}}]}}}}
            """#
        return try WorkflowDocument.decode(data: Data(json.utf8), format: .json).workflow
    }

    /// Stores `count` pending executions of workflow `w` and queues them.
    static func queue(_ count: Int, on runtime: AgentRuntime) async throws -> [String] {
        var ids: [String] = []
        for index in 0..<count {
            let id = "e\(index)"
            let execution = Execution(
                id: id, workflowID: "w", workflowName: "Chain", priority: 5,
                steps: [StepRun(name: "First", actionId: "test.scripted"), StepRun(name: "Second", actionId: "test.scripted")],
                createdAt: Date(timeIntervalSince1970: Double(index)))
            _ = try await runtime.store.createExecution(execution, idempotencyKey: nil, actor: "test")
            runtime.dispatcher.enqueue(executionID: id, workflowID: "w", priority: 5, fireTime: Int64(index))
            ids.append(id)
        }
        return ids
    }

    static func health(_ runtime: AgentRuntime) async throws -> (status: UInt, body: JSONValue) {
        let application = Application(router: AgentRouter.make(runtime: runtime), logger: Logger(label: "test"))
        return try await application.test(.router) { client in
            let response = try await client.execute(uri: "/healthz", method: .get)
            let body = try JSONValue(jsonText: String(buffer: response.body))
            return (UInt(response.status.code), body)
        }
    }

    @Test("runs whose writes fail on a full disk finish once it frees, each step run once; /healthz is 503 meanwhile")
    func fullDiskThenFreed() async throws {
        try await SQLiteStore.withStore(.inMemory) { base in
            let store = FullDiskStore(base)
            let script = ScriptedAction.Script()
            let runtime = AgentRuntime(
                store: store, registry: ActionRegistry(actions: [ScriptedAction(script: script)]),
                dispatcher: ExecutionDispatcher(), logger: Logger(label: "test"), clock: ManualClock())
            _ = try await store.createWorkflow(id: "w", definition: try Self.definition(), actor: "test", at: Date())
            let ids = try await Self.queue(3, on: runtime)
            store.full = true
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await WorkerPool(runtime: runtime, workers: 3).run() }
                // Each run's first step ends, and its end cannot be written: the second step waits for it.
                let held = await eventually { runtime.storeRetry.snapshot.executions == 3 && script.total == 3 }
                #expect(held)
                let during = try await Self.health(runtime)
                #expect(during.status == 503)
                #expect(during.body["status"] == "unavailable")
                #expect(during.body["store"]?["writable"] == false)
                #expect(during.body["store"]?["error"]?["code"] == "store.full")
                #expect(during.body["store"]?["heldExecutions"] == 3)
                let metrics = MetricsRoutes(runtime: runtime).exposition()
                #expect(metrics.contains("\nsundial_store_writable 0\n"))
                let heldEvents = runtime.storeRetry.snapshot.heldEvents
                #expect(heldEvents >= 3)
                #expect(metrics.contains("\nsundial_store_held_events \(heldEvents)\n"))
                for id in ids { #expect(try await base.execution(id: id)?.status == .pending) }
                #expect(script.total == 3)

                store.full = false
                runtime.storeRetry.retryNow()
                await runtime.dispatcher.idle()
                runtime.dispatcher.stop()
                try await group.waitForAll()
            }
            for id in ids {
                let execution = try #require(try await base.execution(id: id))
                #expect(execution.status == .successful)
                #expect(execution.steps.map(\.status) == [.successful, .successful])
                #expect(execution.steps.map(\.attempts.count) == [1, 1])
                #expect(script.runs(id, "First") == 1 && script.runs(id, "Second") == 1)
            }
            #expect(store.refused >= 3)
            #expect(runtime.storeRetry.snapshot.heldEvents == 0)
            #expect(runtime.storeRetry.snapshot.retries >= 3)
            let after = try await Self.health(runtime)
            #expect(after.status == 200)
            #expect(after.body["store"]?["writable"] == true)
        }
    }

    @Test("past maxHeldEvents, executions wait for room; abandon() ends the retries with the error")
    func boundedAndAbandoned() async throws {
        let retry = StoreWriteRetry(
            settings: StoreWriteRetry.Settings(interval: .seconds(1), maxHeldEvents: 2), clock: ManualClock(),
            logger: Logger(label: "test"))
        let error = FullDiskStore.fullError
        async let first = retry.persist(2, of: "a") { throw error }
        #expect(await eventually { retry.snapshot.heldEvents == 2 })
        let returned = Mutex(false)
        let waiter = Task {
            await retry.waitForRoom()
            returned.withLock { $0 = true }
        }
        for _ in 0..<200 { await Task.yield() }
        #expect(returned.withLock { $0 } == false)
        retry.abandon()
        await waiter.value
        #expect(returned.withLock { $0 })
        let failure = await first
        #expect((failure as? StoreError)?.code == "store.full")
        #expect(retry.snapshot.heldEvents == 0)
        #expect(retry.snapshot.abandonedEvents == 2)
    }
}
