/// The time source a scheduler driver needs: wall time in milliseconds, and a way to wait for a deadline.
///
/// Everything below the agent takes time from here (or as plain instants), never from the system directly, so
/// tests drive time with `ManualClock` (in `SundialTesting`) and never sleep. It is not Swift's `Clock`
/// protocol: schedules are about wall time (a cron rule at 09:00 means the wall clock), which no standard clock
/// measures in a form a timing wheel can use.
public protocol WallClock: Sendable {
    /// The current wall time: milliseconds since 1970-01-01T00:00:00Z.
    var nowMillis: Int64 { get }

    /// Suspends until `nowMillis` has reached `deadline`; returns at once when it already has.
    /// - Throws: `CancellationError` when the task is cancelled while waiting.
    func sleep(untilMillis deadline: Int64) async throws
}
