@testable import Workflow

/// Action descriptors for validation tests.
enum Descriptors {
    static let noop = ActionDescriptor(id: "com.datadoghq.core.noop", description: "Does nothing.")
    static let listMonitors = ActionDescriptor(
        id: "com.datadoghq.dd.monitor.listMonitors", description: "Lists monitors.",
        parameters: [ActionParameter(name: "tags", type: "string", description: "Monitor tags.")])
    static let shell = ActionDescriptor(
        id: "sundial.shell", description: "Runs a command.",
        parameters: [
            ActionParameter(name: "argv", type: "array", required: true, description: "The argument vector."),
            ActionParameter(name: "timeout", type: "integer", defaultValue: 30, description: "Seconds."),
        ])

    static let all = [noop, listMonitors, shell]
}
