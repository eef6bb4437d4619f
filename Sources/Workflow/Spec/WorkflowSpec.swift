/// What a workflow does: its triggers, steps, inputs, outputs, connections and annotations.
public struct WorkflowSpec: Hashable, Sendable, Codable {
    public var annotations: [Annotation]?
    public var connectionEnvs: [ConnectionEnv]?
    /// The name inbound alerts use to trigger this workflow.
    public var handle: String?
    public var inputSchema: InputSchema?
    public var outputSchema: OutputSchema?
    public var steps: [Step]?
    public var triggers: [Trigger]?
    /// *Extension*: the longest an execution may run, in seconds ending with `s` (`"3600s"`).
    public var timeout: String?
    /// *Extension*: where to post an execution's final state when its run request names no `callback`.
    public var callback: String?
    /// *Extension*: what the agent does, on start after a crash, with an execution that was running
    /// (`resume` when absent).
    public var onAgentRestart: AgentRestartBehavior?
    public var extra: [String: JSONValue]

    public init(
        annotations: [Annotation]? = nil, connectionEnvs: [ConnectionEnv]? = nil, handle: String? = nil,
        inputSchema: InputSchema? = nil, outputSchema: OutputSchema? = nil, steps: [Step]? = nil,
        triggers: [Trigger]? = nil, timeout: String? = nil, callback: String? = nil,
        onAgentRestart: AgentRestartBehavior? = nil, extra: [String: JSONValue] = [:]
    ) {
        self.annotations = annotations
        self.connectionEnvs = connectionEnvs
        self.handle = handle
        self.inputSchema = inputSchema
        self.outputSchema = outputSchema
        self.steps = steps
        self.triggers = triggers
        self.timeout = timeout
        self.callback = callback
        self.onAgentRestart = onAgentRestart
        self.extra = extra
    }

    public init(from decoder: any Decoder) throws {
        let reader = try ObjectReader(decoder)
        annotations = try reader.optional("annotations")
        connectionEnvs = try reader.optional("connectionEnvs")
        handle = try reader.optional("handle")
        inputSchema = try reader.optional("inputSchema")
        outputSchema = try reader.optional("outputSchema")
        steps = try reader.optional("steps")
        triggers = try reader.optional("triggers")
        timeout = try reader.optional("timeout")
        callback = try reader.optional("callback")
        onAgentRestart = try reader.optional("onAgentRestart")
        extra = try reader.remaining()
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = ObjectWriter(encoder)
        try writer.write("annotations", annotations)
        try writer.write("connectionEnvs", connectionEnvs)
        try writer.write("handle", handle)
        try writer.write("inputSchema", inputSchema)
        try writer.write("outputSchema", outputSchema)
        try writer.write("steps", steps)
        try writer.write("triggers", triggers)
        try writer.write("timeout", timeout)
        try writer.write("callback", callback)
        try writer.write("onAgentRestart", onAgentRestart)
        try writer.finish(extra: extra)
    }

    /// The step named `name`, if any.
    public func step(named name: String) -> Step? {
        steps?.first { $0.name == name }
    }

    /// The trigger of `kind`, if the spec has one.
    public func trigger(_ kind: TriggerKind) -> Trigger? {
        triggers?.first { $0.kind == kind }
    }

    /// The triggers Sundial stores but does not fire (app, case, Slack, …), for reporting.
    public var inactiveTriggers: [Trigger] {
        (triggers ?? []).filter { !$0.isActive }
    }
}

/// *Extension*: what happens to an execution that was `Running` when the agent stopped without finishing it.
public enum AgentRestartBehavior: String, SpecEnumeration {
    /// Run again from the steps that were in flight (each runs at least once more); finished steps keep their
    /// results.
    case resume
    /// End the execution `Failed`, saying the agent stopped while it ran.
    case fail
}
