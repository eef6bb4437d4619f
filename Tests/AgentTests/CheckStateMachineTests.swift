import Agent
import Testing

@Suite("Check state machine")
struct CheckStateMachineTests {
    /// Runs `results` (true = healthy) through a machine and returns the actions, as `.`, `A` (alert), `R`
    /// (recovery).
    static func actions(_ results: String, failures: Int, recovery: Bool) -> String {
        var machine = CheckStateMachine(failuresBeforeAlert: failures, notifyOnRecovery: recovery)
        return String(
            results.map { result in
                switch machine.record(healthy: result == "+") {
                case .none: "."
                case .fireAlert: "A"
                case .fireRecovery: "R"
                }
            })
    }

    @Test(
        "fires on the transition to alerting after N failures in a row, and on recovery when asked",
        arguments: [
            ("-", 1, false, "A"),
            ("---", 1, false, "A.."),
            ("-+-", 1, false, "A.A"),
            ("-+-", 1, true, "ARA"),
            ("--+--", 3, true, "....."),
            ("---+", 3, true, "..AR"),
            ("--+---", 3, false, ".....A"),
            ("+++", 2, true, "..."),
            ("-----++---", 2, true, ".A...R..A."),
            ("--", 0, false, "A."),
        ])
    func sequences(results: String, failures: Int, recovery: Bool, expected: String) {
        #expect(Self.actions(results, failures: failures, recovery: recovery) == expected)
    }

    @Test("state and failure count follow the results")
    func state() {
        var machine = CheckStateMachine(failuresBeforeAlert: 2, notifyOnRecovery: false)
        _ = machine.record(healthy: false)
        #expect(machine.state == .healthy)
        #expect(machine.consecutiveFailures == 1)
        _ = machine.record(healthy: false)
        #expect(machine.state == .alerting)
        _ = machine.record(healthy: false)
        #expect(machine.consecutiveFailures == 3)
        #expect(machine.record(healthy: true) == .none)
        #expect(machine.state == .healthy)
        #expect(machine.consecutiveFailures == 0)
    }
}
