import Foundation
import Synchronization
import Workflow

/// A test action, `test.scripted`: counts its runs by execution and step, and while `blocking` is set each run waits
/// until it is cancelled (a step in flight when the agent stops); otherwise it succeeds at once.
struct ScriptedAction: Action {
    static let id = "test.scripted"

    final class Script: Sendable {
        private let state = Mutex((runs: [String: Int](), blocking: false))

        /// Whether runs wait until cancelled.
        var blocking: Bool {
            get { state.withLock { $0.blocking } }
            set { state.withLock { $0.blocking = newValue } }
        }

        /// Runs of `step` in `executionID`.
        func runs(_ executionID: String, _ step: String) -> Int { state.withLock { $0.runs["\(executionID)/\(step)"] ?? 0 } }

        /// Runs of every step of every execution.
        var total: Int { state.withLock { $0.runs.values.reduce(0, +) } }

        fileprivate func started(_ executionID: String, _ step: String) -> Bool {
            state.withLock { state in
                state.runs["\(executionID)/\(step)", default: 0] += 1
                return state.blocking
            }
        }
    }

    let script: Script

    var descriptor: ActionDescriptor {
        ActionDescriptor(id: Self.id, description: "Counts its runs; waits until cancelled while told to block.")
    }

    func run(_ invocation: ActionInvocation) async throws -> ActionResult {
        if script.started(invocation.context.executionID, invocation.context.stepName) {
            // Not a wait for time: the run ends only when it is cancelled.
            while true { try await Task.sleep(for: .seconds(3600)) }
        }
        return ActionResult(output: ["ran": true])
    }
}

/// Waits, yielding, until `condition` holds or `seconds` of real time pass; whether it held.
func eventually(within seconds: Double = 30, _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        await Task.yield()
    }
    return try await condition()
}
