import Foundation
import Synchronization

/// Collects one step's log lines from its attempts, which may log from any thread, dropping lines below the
/// execution's level.
final class LogSink: Sendable {
    private let lines = Mutex<[ExecutionLogLine]>([])
    private let level: LogLevel
    private let clock: any EngineClock
    private let stepName: String

    init(level: LogLevel, clock: any EngineClock, stepName: String) {
        self.level = level
        self.clock = clock
        self.stepName = stepName
    }

    func log(_ lineLevel: LogLevel, attempt: Int?, _ message: String) {
        guard lineLevel >= level else { return }
        let line = ExecutionLogLine(
            time: clock.now(), level: lineLevel, stepName: stepName, attempt: attempt,
            message: message)
        lines.withLock { $0.append(line) }
    }

    /// The lines so far.
    var collected: [ExecutionLogLine] { lines.withLock { $0 } }
}
