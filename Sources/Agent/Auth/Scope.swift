import Store

/// What an API key may do; every route needs one.
public enum Scope: String, Hashable, Sendable, CaseIterable {
    /// List and read workflows, instances and actions.
    case workflowsRead = "workflows_read"
    /// Create, update and delete workflows.
    case workflowsWrite = "workflows_write"
    /// Run and cancel executions.
    case workflowsRun = "workflows_run"

    /// Every scope, as the admin key has them.
    public static var all: Set<String> { Set(allCases.map(\.rawValue)) }
}

extension APIKey {
    /// Whether the key may change workflows (`workflows_write`); a key that may not sees literal credentials hidden.
    var mayWrite: Bool { scopes.contains(Scope.workflowsWrite.rawValue) }
}
