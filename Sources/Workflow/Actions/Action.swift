/// Something a workflow step does: the unit behind a step's `actionId`.
///
/// Actions are values the engine calls concurrently, so they must be `Sendable`. An action honours task
/// cancellation (the engine cancels it on a step timeout or when the execution is cancelled) and reports
/// failure by throwing `ActionFailure`.
public protocol Action: Sendable {
    /// What the action is and takes, as listed by the registry (`GET /api/v2/actions`).
    var descriptor: ActionDescriptor { get }

    /// Runs the action once: one attempt of one step.
    /// - Parameter invocation: the step's parameters with every template already rendered, and its context.
    /// - Returns: the step's output and the branch the engine follows next.
    /// - Throws: `ActionFailure` when the attempt failed; `CancellationError` when cancelled.
    func run(_ invocation: ActionInvocation) async throws -> ActionResult
}

/// The id, description and parameters of an action.
public struct ActionDescriptor: Hashable, Sendable, Codable {
    public var id: String
    public var description: String
    public var parameters: [ActionParameter]

    public init(id: String, description: String, parameters: [ActionParameter] = []) {
        self.id = id
        self.description = description
        self.parameters = parameters
    }
}

/// One parameter an action accepts.
public struct ActionParameter: Hashable, Sendable, Codable {
    /// JSON type names: `string`, `integer`, `number`, `boolean`, `array`, `object`, or `any`.
    public var name: String
    public var type: String
    public var required: Bool
    public var defaultValue: JSONValue?
    public var description: String

    public init(name: String, type: String, required: Bool = false, defaultValue: JSONValue? = nil,
                description: String) {
        self.name = name
        self.type = type
        self.required = required
        self.defaultValue = defaultValue
        self.description = description
    }
}

/// One attempt of one step, as an action sees it.
public struct ActionInvocation: Sendable {
    /// Rendered parameters (templates already substituted).
    public var parameters: [String: JSONValue]
    public var context: ActionContext

    public init(parameters: [String: JSONValue], context: ActionContext) {
        self.parameters = parameters
        self.context = context
    }
}

/// Where an attempt runs: which execution, step and attempt, and how to log.
public struct ActionContext: Sendable {
    public var workflowID: String
    public var executionID: String
    public var stepName: String
    /// 1 for the first attempt.
    public var attempt: Int
    /// Appends a log line to the step's log (the engine filters by the execution's `logLevel`).
    public var log: @Sendable (LogLevel, String) -> Void

    public init(workflowID: String, executionID: String, stepName: String, attempt: Int,
                log: @escaping @Sendable (LogLevel, String) -> Void) {
        self.workflowID = workflowID
        self.executionID = executionID
        self.stepName = stepName
        self.attempt = attempt
        self.log = log
    }
}

/// What a successful attempt produced.
public struct ActionResult: Hashable, Sendable {
    public var output: JSONValue
    /// The outbound edge branch to follow; `main` unless the action chooses another.
    public var branch: String

    public init(output: JSONValue = .object([:]), branch: String = "main") {
        self.output = output
        self.branch = branch
    }
}

/// A failed attempt, with what the user needs to act on it.
public struct ActionFailure: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable machine-readable code, e.g. `http.status`, `shell.exit`, `plugin.garbage`.
    public var code: String
    public var message: String
    /// Whatever partial output the attempt produced (e.g. a shell step's exit code and stderr).
    public var output: JSONValue?

    public init(code: String, message: String, output: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.output = output
    }

    public var description: String { "\(code): \(message)" }
}

/// Log severities, from most to least verbose (syslog's names, as Onedata's `logLevel`).
public enum LogLevel: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
    case debug, info, notice, warning, error, critical, alert, emergency

    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
