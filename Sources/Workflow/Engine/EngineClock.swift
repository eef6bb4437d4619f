import Foundation

/// The engine's only source of time: timestamps, retry delays and timeouts all go through it, so tests can run
/// an execution on a manual clock without sleeping.
public protocol EngineClock: Sendable {
    /// The current time.
    func now() -> Date
    /// Suspends for `duration`.
    /// - Throws: `CancellationError` when the task is cancelled while waiting.
    func sleep(for duration: Duration) async throws
}

/// The wall clock and `Task.sleep`.
public struct SystemEngineClock: EngineClock {
    public init() {}

    public func now() -> Date { Date() }

    public func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }
}
