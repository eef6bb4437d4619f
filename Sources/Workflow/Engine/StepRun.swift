import Foundation

/// One step of an execution: its status, attempts, output and log.
public struct StepRun: Hashable, Sendable, Codable {
    public var name: String
    public var actionId: String
    public var status: StepStatus
    public var attempts: [StepAttempt]
    /// The output of the successful attempt.
    public var output: JSONValue?
    /// The branch the successful attempt named.
    public var branch: String?
    /// Why the step failed, when it did.
    public var error: StepError?
    /// The fallback steps started because this step failed.
    public var fallbackStepNames: [String]?
    public var startedAt: Date?
    public var finishedAt: Date?
    /// Lines at or above the execution's log level.
    public var logs: [ExecutionLogLine]

    public init(name: String, actionId: String, status: StepStatus = .pending) {
        self.name = name
        self.actionId = actionId
        self.status = status
        self.attempts = []
        self.logs = []
    }
}

/// One run of a step's action.
public struct StepAttempt: Hashable, Sendable, Codable {
    /// What became of an attempt.
    public enum Outcome: String, Hashable, Sendable, Codable {
        case succeeded
        case failed
        case timedOut
        /// The action succeeded but the completion gate's condition did not hold.
        case conditionUnmet
        case stopped
    }

    /// 1 for the first attempt.
    public var number: Int
    public var outcome: Outcome
    public var startedAt: Date
    public var finishedAt: Date
    /// The parameters the action was called with, templates rendered and every secret shown as `[secret]`;
    /// `nil` when they could not be rendered.
    public var input: JSONValue?
    public var output: JSONValue?
    public var branch: String?
    public var error: StepError?

    public init(
        number: Int, outcome: Outcome, startedAt: Date, finishedAt: Date, input: JSONValue? = nil,
        output: JSONValue? = nil, branch: String? = nil, error: StepError? = nil
    ) {
        self.number = number
        self.outcome = outcome
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.input = input
        self.output = output
        self.branch = branch
        self.error = error
    }
}

/// Why a step or execution failed: a stable code and a message a user can act on.
public struct StepError: Hashable, Sendable, Codable, CustomStringConvertible {
    /// `step.timeout`, `completionGate.unmet`, `template.missing`, `action.unknown`, or an action's own code.
    public var code: String
    public var message: String
    /// The step it happened in, for an execution's error.
    public var stepName: String?
    public var output: JSONValue?

    public init(code: String, message: String, stepName: String? = nil, output: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.stepName = stepName
        self.output = output
    }

    public var description: String { "\(code): \(message)" }
}
