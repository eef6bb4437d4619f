import Foundation

@testable import Workflow

/// A task executor with one thread that, whenever it has nothing to run, moves its `ManualClock` to the next
/// deadline: tokio's paused clock for Swift tasks. Work runs in a deterministic order, timeouts and retry
/// delays elapse instantly, and nothing sleeps.
final class VirtualTimeExecutor: TaskExecutor, @unchecked Sendable {
    // @unchecked: `jobs` and `stopped` are only touched while `condition` is locked.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var stopped = false
    private let clock: ManualClock

    init(clock: ManualClock) {
        self.clock = clock
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    func start() {
        let thread = Thread { [self] in loop() }
        thread.name = "virtual-time"
        thread.start()
    }

    func stop() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    private func loop() {
        while true {
            condition.lock()
            while jobs.isEmpty, !stopped {
                condition.unlock()
                let woke = clock.advanceToNextDeadline()
                condition.lock()
                if !woke, jobs.isEmpty, !stopped, !condition.wait(until: Date().addingTimeInterval(10)), jobs.isEmpty {
                    // Every task waits and no clock deadline is pending: only something outside can help.
                    FileHandle.standardError.write(
                        Data("virtual time: all tasks are suspended with no deadline pending\n".utf8))
                }
            }
            if jobs.isEmpty, stopped {
                condition.unlock()
                return
            }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}

/// Runs `body` on a fresh virtual-time executor driving `clock`.
func withVirtualTime<T: Sendable>(_ clock: ManualClock, _ body: @Sendable () async -> T) async -> T {
    let executor = VirtualTimeExecutor(clock: clock)
    executor.start()
    defer { executor.stop() }
    return await withTaskExecutorPreference(executor) { await body() }
}
