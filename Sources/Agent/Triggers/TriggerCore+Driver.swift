import Foundation
import Logging
import Scheduler
import Synchronization

/// The schedule driver: one task sleeping until the wheel's next deadline on the injected clock.
extension TriggerCore {
    /// Drives the schedule triggers until the task is cancelled or `stop()` is called: sleeps until the wheel's
    /// `nextDeadline` (or until something is armed sooner), expires what is due, plans each trigger and writes
    /// the decisions concurrently, so the store's group commit batches them. Returns after the writes in flight.
    public func run() async {
        await withDiscardingTaskGroup { group in
            while true {
                let (deadline, sleeps) = table.withLock { $0.beginSleep() }
                guard sleeps else { break }
                resumeIdleWaiters()
                await sleep(until: deadline)
                if Task.isCancelled { break }
                let now = clock.nowMillis
                let batches = table.withLock { table in
                    table.driver.sleepingUntil = nil
                    let batches = table.expire(now: now)
                    table.driver.inFlight += batches.count
                    return batches
                }
                for batch in batches {
                    group.addTask {
                        await self.perform(batch)
                        self.table.withLock { $0.driver.inFlight -= 1 }
                        self.resumeIdleWaiters()
                    }
                }
            }
        }
    }

    /// Ends `run()` after the writes in flight (graceful shutdown).
    public func stop() {
        table.withLock { table in
            table.driver.stopping = true
            table.driver.sleepingUntil = nil
        }
        wake.signal()
    }

    /// Returns once every fire due at the clock's current time has been decided and written, and the driver is
    /// asleep until a later deadline (tests on a manual clock advance time, then wait for this).
    public func waitUntilIdle() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let idle = table.withLock { table in
                if table.isIdle(now: clock.nowMillis) { return true }
                table.driver.idleWaiters.append(continuation)
                return false
            }
            if idle { continuation.resume() }
        }
    }

    /// When the driver will next wake up on its own: the deadline it sleeps until, or `nil` while it works or when
    /// nothing is armed.
    public var driverDeadline: Int64? {
        table.withLock { table in
            guard case .some(let deadline) = table.driver.sleepingUntil else { return nil }
            return deadline
        }
    }

    private func resumeIdleWaiters() {
        let waiters = table.withLock { table -> [CheckedContinuation<Void, Never>] in
            guard !table.driver.idleWaiters.isEmpty, table.isIdle(now: clock.nowMillis) else { return [] }
            defer { table.driver.idleWaiters = [] }
            return table.driver.idleWaiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Sleeps until `deadline` on the clock (forever when `nil`) or until `wake` is signalled.
    private func sleep(until deadline: Int64?) async {
        await withTaskGroup(of: Void.self) { group in
            if let deadline {
                group.addTask { [clock] in try? await clock.sleep(untilMillis: deadline) }
            }
            group.addTask { [wake] in await wake.wait() }
            await group.next()
            group.cancelAll()
        }
    }
}
