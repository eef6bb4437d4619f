import Agent
import HTTPTypes
import Store
import Testing

@Suite("Execution dispatcher")
struct ExecutionDispatcherTests {
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
