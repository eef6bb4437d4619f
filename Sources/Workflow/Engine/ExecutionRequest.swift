import Foundation

/// What to run: a workflow, the trigger and input that started the run, and its settings.
public struct ExecutionRequest: Sendable {
    /// The execution id, allocated by the caller (the store).
    public var id: String
    public var workflowID: String
    public var workflow: WorkflowDefinition
    /// The trigger that fired, or `nil` for a run started by hand or over the API.
    public var trigger: TriggerKind?
    /// `meta.payload`; checked against `spec.inputSchema` and given defaults before the first step.
    public var input: JSONValue
    /// Trigger data readable as `Trigger.<key>` beside `Trigger.kind` (for example a webhook's event name); its
    /// `payload`, when present, is `Trigger.payload` instead of the input.
    public var triggerData: [String: JSONValue]
    public var properties: [String: JSONValue]
    /// Asked before steps start for the run's properties as they are now, when they may have changed since the
    /// run began (`PUT …/instances/{id}/properties`), so later steps' templates see the change; `nil` from it keeps
    /// what the run has. Without one, the run sees `properties` throughout.
    public var propertiesSource: (@Sendable () async -> [String: JSONValue]?)?
    /// Readable as `Secrets.<name>` in step parameters.
    public var secrets: [String: String]
    public var priority: Int
    public var callback: String?
    /// Lines below this level are dropped.
    public var logLevel: LogLevel
    /// Overrides `spec.timeout`.
    public var timeout: Duration?
    public var createdAt: Date?
    /// The stored state of an execution the agent was running when it stopped; set, `run` continues it instead of
    /// starting afresh (see `WorkflowEngine.run(_:observer:)`).
    public var resuming: Execution?

    public init(
        id: String, workflowID: String, workflow: WorkflowDefinition, trigger: TriggerKind? = nil,
        input: JSONValue = [:], triggerData: [String: JSONValue] = [:], properties: [String: JSONValue] = [:],
        secrets: [String: String] = [:], priority: Int = 5, callback: String? = nil,
        logLevel: LogLevel = .info, timeout: Duration? = nil, createdAt: Date? = nil, resuming: Execution? = nil
    ) {
        self.id = id
        self.workflowID = workflowID
        self.workflow = workflow
        self.trigger = trigger
        self.input = input
        self.triggerData = triggerData
        self.properties = properties
        self.secrets = secrets
        self.priority = priority
        self.callback = callback
        self.logLevel = logLevel
        self.timeout = timeout
        self.createdAt = createdAt
        self.resuming = resuming
    }

    /// The execution timeout: the request's, else `spec.timeout`'s.
    var effectiveTimeout: Duration? {
        timeout ?? workflow.spec.timeout.flatMap(IntervalText.seconds).map { .seconds($0) }
    }
}
