/// One step of a workflow: an action to run with parameters, and where to go next.
public struct Step: Hashable, Sendable, Codable {
    /// Unique within the workflow; edges, handlers and templates (`Steps.<name>`) refer to steps by name.
    public var name: String
    public var actionId: String
    /// Inputs of the action; values may be templates.
    public var parameters: [StepParameter]?
    /// The steps to run next, by the branch the action's result names.
    public var outboundEdges: [OutboundEdge]?
    /// How a step with several incoming edges waits for them (`ANY` when absent).
    public var readinessGate: ReadinessGate?
    /// A condition the step's result must meet before the workflow moves on, retried per its strategy.
    public var completionGate: CompletionGate?
    /// Retries after a failed or timed-out attempt (the first handler's strategy), then, when they run out, the
    /// fallback step of every handler instead of the outbound edges.
    public var errorHandlers: [ErrorHandler]?
    /// The label of a connection in `spec.connectionEnvs`.
    public var connectionLabel: String?
    public var display: StepDisplay?
    /// *Extension*: the longest one attempt may run, in seconds ending with `s` (`"30s"`).
    public var timeout: String?
    public var extra: [String: JSONValue]

    public init(
        name: String, actionId: String, parameters: [StepParameter]? = nil,
        outboundEdges: [OutboundEdge]? = nil, readinessGate: ReadinessGate? = nil,
        completionGate: CompletionGate? = nil, errorHandlers: [ErrorHandler]? = nil,
        connectionLabel: String? = nil, display: StepDisplay? = nil, timeout: String? = nil,
        extra: [String: JSONValue] = [:]
    ) {
        self.name = name
        self.actionId = actionId
        self.parameters = parameters
        self.outboundEdges = outboundEdges
        self.readinessGate = readinessGate
        self.completionGate = completionGate
        self.errorHandlers = errorHandlers
        self.connectionLabel = connectionLabel
        self.display = display
        self.timeout = timeout
        self.extra = extra
    }

    public init(from decoder: any Decoder) throws {
        let reader = try ObjectReader(decoder)
        name = try reader.required("name")
        actionId = try reader.required("actionId")
        parameters = try reader.optional("parameters")
        outboundEdges = try reader.optional("outboundEdges")
        readinessGate = try reader.optional("readinessGate")
        completionGate = try reader.optional("completionGate")
        errorHandlers = try reader.optional("errorHandlers")
        connectionLabel = try reader.optional("connectionLabel")
        display = try reader.optional("display")
        timeout = try reader.optional("timeout")
        extra = try reader.remaining()
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = ObjectWriter(encoder)
        try writer.write("name", name)
        try writer.write("actionId", actionId)
        try writer.write("parameters", parameters)
        try writer.write("outboundEdges", outboundEdges)
        try writer.write("readinessGate", readinessGate)
        try writer.write("completionGate", completionGate)
        try writer.write("errorHandlers", errorHandlers)
        try writer.write("connectionLabel", connectionLabel)
        try writer.write("display", display)
        try writer.write("timeout", timeout)
        try writer.finish(extra: extra)
    }

    /// The parameters as a dictionary (a later duplicate name wins).
    public var parameterValues: [String: JSONValue] {
        var values: [String: JSONValue] = [:]
        for parameter in parameters ?? [] { values[parameter.name] = parameter.value }
        return values
    }
}

/// One input of a step's action.
public struct StepParameter: Hashable, Sendable, Codable {
    public var name: String
    /// A JSON value; strings may hold templates.
    public var value: JSONValue
    public var extra: [String: JSONValue]

    public init(name: String, value: JSONValue, extra: [String: JSONValue] = [:]) {
        self.name = name
        self.value = value
        self.extra = extra
    }

    public init(from decoder: any Decoder) throws {
        let reader = try ObjectReader(decoder)
        name = try reader.required("name")
        value = try reader.required("value")
        extra = try reader.remaining()
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = ObjectWriter(encoder)
        try writer.write("name", name)
        try writer.write("value", value)
        try writer.finish(extra: extra)
    }
}

/// Where a step's canvas node sits.
public struct StepDisplay: Hashable, Sendable, Codable {
    public var bounds: DisplayBounds?
    public var extra: [String: JSONValue]

    public init(bounds: DisplayBounds? = nil, extra: [String: JSONValue] = [:]) {
        self.bounds = bounds
        self.extra = extra
    }

    public init(from decoder: any Decoder) throws {
        let reader = try ObjectReader(decoder)
        bounds = try reader.optional("bounds")
        extra = try reader.remaining()
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = ObjectWriter(encoder)
        try writer.write("bounds", bounds)
        try writer.finish(extra: extra)
    }
}
