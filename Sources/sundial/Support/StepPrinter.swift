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
/// ▶ Drain
///   ↻ Drain attempt 1 did not meet its completion condition; retrying
/// ✔ Drain 1012 ms
/// ▶ Clean
/// ✘ Clean 3 ms: shell.exit: 'rm' exited with status 1 → fallback Alert
/// ```
///
/// An attempt is shown only when another follows; the step's last attempt is its final line. Whether a retry
/// follows is decided as the engine decides it, from the step's completion gate and first error handler.
actor StepPrinter: ExecutionObserver {
    private let steps: [String: Step]
    /// Per step, how many attempts so far were retried by the completion gate and by the error handler.
    private var gateRetries: [String: Int] = [:]
    private var errorRetries: [String: Int] = [:]

    init(spec: WorkflowSpec) {
        steps = Dictionary((spec.steps ?? []).map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    func observe(_ event: ExecutionEvent) async {
        switch event {
        case .stepStarted(_, let name, _):
            emit("▶ \(name)")
        case .attemptFinished(_, let name, let attempt):
            if let line = retryLine(step: name, attempt: attempt) { emit(line) }
        case .stepFinished(_, let run):
            emit(Self.line(for: run, fallbacks: steps[run.name]?.errorHandlers?.map(\.fallbackStepName) ?? []))
        case .executionStarted, .outputs, .executionFinished:
            return
        }
    }

    /// The line for an attempt that will be retried, or nil when it was the step's last.
    private func retryLine(step name: String, attempt: StepAttempt) -> String? {
        let step = steps[name]
        let reason = attempt.error.map { ": \($0.code): \($0.message)" } ?? ""
        switch attempt.outcome {
        case .conditionUnmet:
            let count = gateRetries[name, default: 0] + 1
            gateRetries[name] = count
            guard step?.completionGate?.retryStrategy.delay(beforeRetry: count, jitterSample: 0) != nil else {
                return nil
            }
            return "  ↻ \(name) attempt \(attempt.number) did not meet its completion condition; retrying"
        case .failed, .timedOut:
            if let code = attempt.error?.code,
                code == "action.unknown" || code.hasPrefix("template.") || code.hasPrefix("completionGate.")
            {
                return nil
            }
            let count = errorRetries[name, default: 0] + 1
            errorRetries[name] = count
            guard step?.errorHandlers?.first?.retryStrategy.delay(beforeRetry: count, jitterSample: 0) != nil else {
                return nil
            }
            let how = attempt.outcome == .timedOut ? "timed out" : "failed"
            return "  ↻ \(name) attempt \(attempt.number) \(how); retrying\(reason)"
        case .succeeded, .stopped:
            return nil
        }
    }

    /// The line for a step that reached its final status.
    static func line(for step: StepRun, fallbacks: [String]) -> String {
        let time = ExecutionReport.duration(from: step.startedAt, to: step.finishedAt)
        let timed = time.isEmpty ? step.name : "\(step.name) \(time)"
        switch step.status {
        case .successful:
            return "✔ \(timed)"
        case .failed, .timedOut:
            let reason = step.error.map { ": \($0.code): \($0.message)" } ?? ""
            let fallback = fallbacks.isEmpty ? "" : " → fallback \(fallbacks.joined(separator: ", "))"
            return "✘ \(timed)\(reason)\(fallback)"
        case .stopped:
            return "■ \(timed) stopped"
        case .skipped, .pending, .running:
            return "- \(step.name) \(step.status.rawValue.lowercased())"
        }
    }

    private func emit(_ line: String) {
        print(line)
        fflush(nil)
    }
}
