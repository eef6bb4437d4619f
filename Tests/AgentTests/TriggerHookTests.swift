import Agent
import Synchronization
import Testing

/// The dispatcher's hook that tells the trigger core a run ended.
@Suite("Trigger core hooks")
struct TriggerHookTests {
    @Test("the ended handler is told every execution that leaves the dispatcher, however many")
    func endedHandlerKeepsWorking() async throws {
        let dispatcher = ExecutionDispatcher()
        let ended = Mutex(0)
        dispatcher.onEnded { _ in ended.withLock { $0 += 1 } }
        // Many calls: a handler that grew with every call (reabstraction thunks) would overflow the stack here.
        let count = 100_000
        for index in 0..<count {
            dispatcher.enqueue(executionID: "e\(index)", workflowID: "w", priority: 5, fireTime: Int64(index))
            let job = try #require(await dispatcher.next())
            dispatcher.finished(job)
        }
        dispatcher.enqueue(executionID: "queued", workflowID: "w", priority: 5, fireTime: 0)
        #expect(dispatcher.cancel("queued") == .dequeued(.init(executionID: "queued", workflowID: "w", priority: 5)))
        #expect(ended.withLock { $0 } == count + 1)
    }
}
