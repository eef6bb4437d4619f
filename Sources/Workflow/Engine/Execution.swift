import Foundation

/// One run of a workflow (a Datadog "instance"), shaped so the API can serialize it as `data.attributes`.
public struct Execution: Hashable, Sendable, Codable {
    public var id: String
    public var workflowID: String
    public var workflowName: String
    public var status: ExecutionStatus
    /// The trigger that started it; `nil` for a run started by hand or over the API.
    public var trigger: TriggerKind?
    /// The input payload, with the input schema's defaults applied.
    public var input: JSONValue
    /// What the trigger that started it carried, readable as `Trigger.<key>` (an alert or webhook delivery is its
    /// `payload`; without one `Trigger.payload` is the input).
    public var triggerData: [String: JSONValue] = [:]
    /// Run properties (readable in templates as `Properties.<key>`).
    public var properties: [String: JSONValue]
    /// 1 (highest) … 9 (lowest).
    public var priority: Int
    /// The URL notified when the execution ends.
    public var callback: String?
    public var logLevel: LogLevel
    /// Every step of the spec, in spec order.
    public var steps: [StepRun]
    /// The values of `spec.outputSchema`, set when the execution succeeds.
    public var outputs: [String: JSONValue]
    public var statistics: ExecutionStatistics
    /// Why the execution did not succeed.
    public var error: StepError?
    public var createdAt: Date?
    public var startedAt: Date?
    public var finishedAt: Date?
    /// Execution-level log lines (step lines are on each step).
    public var logs: [ExecutionLogLine]

    public init(
        id: String, workflowID: String, workflowName: String, status: ExecutionStatus = .pending,
        trigger: TriggerKind? = nil, input: JSONValue = [:], properties: [String: JSONValue] = [:],
        priority: Int = 5, callback: String? = nil, logLevel: LogLevel = .info, steps: [StepRun] = [],
        createdAt: Date? = nil
    ) {
        self.id = id
        self.workflowID = workflowID
        self.workflowName = workflowName
        self.status = status
        self.trigger = trigger
        self.input = input
        self.properties = properties
        self.priority = priority
        self.callback = callback
        self.logLevel = logLevel
        self.steps = steps
        self.outputs = [:]
        self.statistics = ExecutionStatistics(steps: steps)
        self.createdAt = createdAt
        self.logs = []
    }

    /// The step named `name`.
    public func step(_ name: String) -> StepRun? {
        steps.first { $0.name == name }
    }

    /// `workflowId`, as every other Sundial and Datadog document spells it.
    enum CodingKeys: String, CodingKey {
        case id, workflowID = "workflowId", workflowName, status, trigger, input, triggerData, properties, priority
        case callback, logLevel, steps, outputs, statistics, error, createdAt, startedAt, finishedAt, logs
    }
}
