/// The alert state of one local check: healthy until `failuresBeforeAlert` probes in a row fail, then alerting
/// until one passes. Says when the trigger should fire: on the transition to alerting, and on the transition back
/// when `notifyOnRecovery` is set. Repeated failures while alerting fire nothing.
///
/// ```swift
/// var machine = CheckStateMachine(failuresBeforeAlert: 2, notifyOnRecovery: true)
/// machine.record(healthy: false)   // .none
/// machine.record(healthy: false)   // .fireAlert
/// machine.record(healthy: true)    // .fireRecovery
/// ```
public struct CheckStateMachine: Hashable, Sendable {
    public enum State: Hashable, Sendable {
        case healthy
        case alerting
    }

    /// What one probe result asks for.
    public enum Action: Hashable, Sendable {
        case none
        /// The check has just failed `failuresBeforeAlert` times in a row.
        case fireAlert
        /// The check passed after alerting, and recovery notifications are asked for.
        case fireRecovery
    }

    public let failuresBeforeAlert: Int
    public let notifyOnRecovery: Bool
    public private(set) var state: State = .healthy
    /// Failed probes since the last one that passed.
    public private(set) var consecutiveFailures = 0

    /// A machine in the healthy state; `failuresBeforeAlert` below 1 counts as 1.
    public init(failuresBeforeAlert: Int, notifyOnRecovery: Bool) {
        self.failuresBeforeAlert = max(1, failuresBeforeAlert)
        self.notifyOnRecovery = notifyOnRecovery
    }

    /// Takes one probe result and returns what to fire.
    public mutating func record(healthy: Bool) -> Action {
        if healthy {
            consecutiveFailures = 0
            guard state == .alerting else { return .none }
            state = .healthy
            return notifyOnRecovery ? .fireRecovery : .none
        }
        consecutiveFailures += 1
        guard state == .healthy, consecutiveFailures >= failuresBeforeAlert else { return .none }
        state = .alerting
        return .fireAlert
    }
}
