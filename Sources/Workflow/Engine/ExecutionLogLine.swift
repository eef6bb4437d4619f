import Foundation

/// One log line of an execution, from the engine or from an action.
public struct ExecutionLogLine: Hashable, Sendable, Codable {
    public var time: Date
    public var level: LogLevel
    /// The step the line is about, or `nil` for the execution as a whole.
    public var stepName: String?
    /// The attempt that wrote it (1-based), when it is about a step.
    public var attempt: Int?
    public var message: String

    public init(time: Date, level: LogLevel, stepName: String? = nil, attempt: Int? = nil, message: String) {
        self.time = time
        self.level = level
        self.stepName = stepName
        self.attempt = attempt
        self.message = message
    }
}
