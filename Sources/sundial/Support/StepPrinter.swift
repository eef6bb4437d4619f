import Foundation
import Workflow

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Prints each step of a run as it starts and ends, flushing every line so the progress shows through a pipe.
///
/// ```
/// ▶ Check
/// ✔ Check 12 ms
/// ▶ Clean
///   · Clean attempt 1 failed: shell.exit: 'rm' exited with status 1
/// ✘ Clean 3 ms: shell.exit: 'rm' exited with status 1
/// ```
struct StepPrinter: ExecutionObserver {
    func observe(_ event: ExecutionEvent) async {
        switch event {
        case .stepStarted(_, let name, _):
            emit("▶ \(name)")
        case .attemptFinished(_, let name, let attempt):
            guard attempt.outcome != .succeeded else { return }
            emit("  · \(name) attempt \(attempt.number) \(Self.phrase(attempt))")
        case .stepFinished(_, let step):
            emit(Self.line(for: step))
        case .executionStarted, .outputs, .executionFinished:
            return
        }
    }

    /// The line for a step that reached its final status.
    static func line(for step: StepRun) -> String {
        let time = ExecutionReport.duration(from: step.startedAt, to: step.finishedAt)
        let timed = time.isEmpty ? step.name : "\(step.name) \(time)"
        switch step.status {
        case .successful:
            return "✔ \(timed)"
        case .failed, .timedOut:
            let reason = step.error.map { ": \($0.code): \($0.message)" } ?? ""
            let fallback = step.fallbackStepNames.map { " → fallback \($0.joined(separator: ", "))" } ?? ""
            return "✘ \(timed)\(reason)\(fallback)"
        case .stopped:
            return "■ \(timed) stopped"
        case .skipped, .pending, .running:
            return "- \(step.name) \(step.status.rawValue.lowercased())"
        }
    }

    /// `failed: code: message`, `timed out: …`, `condition not met`.
    static func phrase(_ attempt: StepAttempt) -> String {
        let reason = attempt.error.map { ": \($0.code): \($0.message)" } ?? ""
        switch attempt.outcome {
        case .succeeded: return "succeeded"
        case .failed: return "failed\(reason)"
        case .timedOut: return "timed out\(reason)"
        case .conditionUnmet: return "did not meet its completion condition\(reason)"
        case .stopped: return "stopped"
        }
    }

    private func emit(_ line: String) {
        print(line)
        fflush(nil)
    }
}
