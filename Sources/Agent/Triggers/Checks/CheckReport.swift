/// What one probe of one workflow's check led to.
public struct CheckReport: Hashable, Sendable {
    public var workflowID: String
    public var result: CheckResult
    /// What the state machine asked for.
    public var action: CheckStateMachine.Action
    /// The state after the probe (unchanged when a fire failed).
    public var state: CheckStateMachine.State
    /// What the trigger core did with the fire, when there was one and it was taken.
    public var outcome: TriggerEventOutcome?
    /// Why a fire was not taken, when it failed.
    public var fireError: String?
    /// Why the probe could not run as configured (its target is refused by the outbound policy); the result was not
    /// counted, so the state is unchanged and nothing fired.
    public var configurationProblem: String?

    public init(
        workflowID: String, result: CheckResult, action: CheckStateMachine.Action, state: CheckStateMachine.State,
        outcome: TriggerEventOutcome? = nil, fireError: String? = nil
    ) {
        self.workflowID = workflowID
        self.result = result
        self.action = action
        self.state = state
        self.outcome = outcome
        self.fireError = fireError
    }
}
