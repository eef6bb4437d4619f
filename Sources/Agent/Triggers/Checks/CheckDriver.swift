import Logging
import Scheduler
import ServiceLifecycle

/// Drives a `CheckRunner` on a `WallClock`: re-reads the checks from the store every `refreshMillis`, probes the
/// ones due, and sleeps until the next is due (or the next refresh). Stops when its task is cancelled or the
/// service group shuts down.
///
/// Tests run it on `SundialTesting.ManualClock`; the agent on its runtime's clock. Checks have their own driver
/// rather than timers in the schedule wheel: there is at most one per workflow, due every few seconds, and keeping
/// network probes out of the schedule driver keeps fire lateness independent of a slow probe.
public struct CheckDriver: Service {
    public let runner: CheckRunner
    public let clock: any WallClock
    /// How often the checks are re-read from the store (new, changed, unpublished, deleted workflows).
    public let refreshMillis: Int64
    public let logger: Logger

    public init(runner: CheckRunner, clock: any WallClock, refreshMillis: Int64 = 5_000, logger: Logger) {
        self.runner = runner
        self.clock = clock
        self.refreshMillis = max(1, refreshMillis)
        self.logger = logger
    }

    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown { try await loop() }
        } catch is CancellationError {
            return
        }
    }

    private func loop() async throws {
        var lastRefresh: Int64?
        while true {
            try Task.checkCancellation()
            let now = clock.nowMillis
            if lastRefresh.map({ now - $0 >= refreshMillis }) ?? true {
                do {
                    try await runner.reload(nowMillis: now)
                } catch {
                    logger.error("cannot read the workflows' checks", metadata: ["error": "\(error)"])
                }
                lastRefresh = now
            }
            await runner.runDue(nowMillis: now)
            let refreshAt = (lastRefresh ?? now) + refreshMillis
            let wake = min(await runner.nextDueMillis ?? refreshAt, refreshAt)
            try await clock.sleep(untilMillis: max(wake, now + 1))
        }
    }
}
