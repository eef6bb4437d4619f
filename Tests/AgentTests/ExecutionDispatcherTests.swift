import Agent
import HTTPTypes
import Store
import Testing
import Workflow

@Suite("Execution dispatcher")
struct ExecutionDispatcherTests {
    @Test("a queued execution's snapshot is taken once, dropped when it is cancelled, and held only up to the limit")
    func snapshots() async {
        let dispatcher = ExecutionDispatcher()
        func pending(_ id: String) -> Execution {
            Execution(id: id, workflowID: "w", workflowName: "W", properties: ["n": .string(id)])
        }
        dispatcher.enqueue(executionID: "a", workflowID: "w", priority: 5, fireTime: 1, snapshot: pending("a"))
        dispatcher.enqueue(executionID: "b", workflowID: "w", priority: 5, fireTime: 2, snapshot: pending("b"))
        dispatcher.enqueue(executionID: "c", workflowID: "w", priority: 5, fireTime: 3)
        #expect(dispatcher.cancel("b") == .dequeued(ExecutionDispatcher.Job(executionID: "b", workflowID: "w", priority: 5)))
        #expect(dispatcher.takeSnapshot("b") == nil)
        #expect(await dispatcher.next()?.executionID == "a")
        #expect(dispatcher.takeSnapshot("a") == pending("a"))
        #expect(dispatcher.takeSnapshot("a") == nil)
        #expect(dispatcher.takeSnapshot("c") == nil)

        let crowded = ExecutionDispatcher()
        for index in 0...ExecutionDispatcher.snapshotLimit {
            crowded.enqueue(
                executionID: "e\(index)", workflowID: "w", priority: 5, fireTime: Int64(index),
                snapshot: pending("e\(index)"))
        }
        #expect(crowded.takeSnapshot("e0") != nil)
        #expect(crowded.takeSnapshot("e\(ExecutionDispatcher.snapshotLimit - 1)") != nil)
        #expect(crowded.takeSnapshot("e\(ExecutionDispatcher.snapshotLimit)") == nil)
    }

    @Test("hands out by priority, FIFO within a priority")
    func order() async {
        let dispatcher = ExecutionDispatcher()
        dispatcher.enqueue(executionID: "low", workflowID: "w", priority: 9, fireTime: 1)
        dispatcher.enqueue(executionID: "a", workflowID: "w", priority: 5, fireTime: 2)
        dispatcher.enqueue(executionID: "b", workflowID: "w", priority: 5, fireTime: 3)
        dispatcher.enqueue(executionID: "urgent", workflowID: "w", priority: 1, fireTime: 4)
        var order: [String] = []
        for _ in 0..<4 {
            if let job = await dispatcher.next() { order.append(job.executionID) }
        }
        #expect(order == ["urgent", "a", "b", "low"])
        #expect(dispatcher.runningCount == 4)
    }

    @Test("a workflow at its limit waits while others run; finishing one lets the next in")
    func workflowLimit() async {
        let dispatcher = ExecutionDispatcher(workflowConcurrency: 1)
        dispatcher.enqueue(executionID: "w1", workflowID: "w", priority: 5, fireTime: 1)
        dispatcher.enqueue(executionID: "w2", workflowID: "w", priority: 5, fireTime: 2)
        dispatcher.enqueue(executionID: "v1", workflowID: "v", priority: 5, fireTime: 3)
        let first = await dispatcher.next()
        let second = await dispatcher.next()
        #expect(first?.executionID == "w1")
        #expect(second?.executionID == "v1")
        #expect(dispatcher.depth == 1)
        dispatcher.finished(first!)
        #expect(await dispatcher.next()?.executionID == "w2")
    }

    @Test("cancel takes a queued execution out and reports a claimed one as running; stop releases waiters")
    func cancelAndStop() async {
        let dispatcher = ExecutionDispatcher()
        dispatcher.enqueue(executionID: "a", workflowID: "w", priority: 5, fireTime: 1)
        dispatcher.enqueue(executionID: "b", workflowID: "w", priority: 5, fireTime: 2)
        _ = await dispatcher.next()
        #expect(
            dispatcher.cancel("b") == .dequeued(ExecutionDispatcher.Job(executionID: "b", workflowID: "w", priority: 5))
        )
        #expect(dispatcher.cancel("a") == .running)
        #expect(dispatcher.cancel("zzz") == .unknown)
        dispatcher.stop()
        #expect(await dispatcher.next() == nil)
    }
}

@Suite("Execution dispatcher cancellation")
struct ExecutionDispatcherCancellationTests {
    @Test("a worker waiting in next() returns nil when its task is cancelled", .timeLimit(.minutes(1)))
    func cancelledWait() async {
        let dispatcher = ExecutionDispatcher()
        let waiting = Task { await dispatcher.next() }
        waiting.cancel()
        #expect(await waiting.value == nil)
        // The dispatcher still works for the others.
        dispatcher.enqueue(executionID: "a", workflowID: "w", priority: 5, fireTime: 1)
        #expect(await dispatcher.next()?.executionID == "a")
    }

    @Test("cancelling every waiting worker of a group ends the group", .timeLimit(.minutes(1)))
    func cancelledGroup() async {
        let dispatcher = ExecutionDispatcher()
        let ended = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    var taken = 0
                    while await dispatcher.next() != nil { taken += 1 }
                    return taken
                }
            }
            group.cancelAll()
            var total = 0
            for await taken in group { total += taken }
            return total
        }
        #expect(ended == 0)
        #expect(dispatcher.runningCount == 0)
    }
}
