/// Triggers that can never start a run: an automatic trigger whose workflow needs an input nobody gives, and a
/// local check whose target the agent may not reach.
extension WorkflowValidator {
    /// The trigger kinds whose runs start with an empty payload: the scheduler, a local check or an alert, and a
    /// webhook delivery give no input, so every input must have a default.
    static let inputlessKinds: [TriggerKind] = [.schedule, .monitor, .githubWebhook]

    /// Problems that keep a trigger from ever starting a run.
    func firingIssues(spec: WorkflowSpec) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        let needed = (spec.inputSchema?.parameters ?? []).filter { $0.defaultValue == nil }
        for (index, trigger) in (spec.triggers ?? []).enumerated() where Self.inputlessKinds.contains(trigger.kind) {
            let base = "/spec/triggers/\(index)/\(trigger.kind.rawValue)"
            if !needed.isEmpty {
                let names = needed.map { "\"\($0.name)\"" }.joined(separator: ", ")
                issues.append(
                    ValidationIssue(
                        pointer: base, code: "trigger.input",
                        message: "\(trigger.kind.rawValue) starts runs with no input, but the input"
                            + (needed.count == 1 ? " " : "s ") + names + (needed.count == 1 ? " has" : " have")
                            + " no defaultValue, so every fire would be skipped (invalid_input); give "
                            + (needed.count == 1 ? "it" : "each") + " a defaultValue in spec.inputSchema"))
            }
            if trigger.kind == .monitor, let check = trigger.settings.check, let problem = checkTargetProblem?(check) {
                let probe = check.http != nil ? "http/url" : "tcp/host"
                issues.append(
                    ValidationIssue(
                        pointer: "\(base)/check/\(probe)", code: "check.target",
                        message: "\(problem); the check could never pass, so its remediation would run for a "
                            + "configuration mistake. Allow the address in the agent's allowOutbound, or probe "
                            + "another target"))
            }
        }
        return issues
    }
}
