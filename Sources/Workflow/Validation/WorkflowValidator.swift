import Foundation

/// Checks a workflow and returns every problem at once, each with a JSON pointer into the workflow attributes
/// and a message that says what would be accepted.
///
/// ```swift
/// let validator = WorkflowValidator(actions: registry.descriptors)
/// try validator.validate(document.workflow)   // throws ValidationError listing every issue
/// ```
public struct WorkflowValidator: Sendable {
    /// The actions steps may use, by id; `nil` skips the action checks (unknown ids, required parameters).
    public var actions: [String: ActionDescriptor]?
    /// Checks a schedule trigger's `rruleExpression`, returning the parser's message when it is malformed, or
    /// `nil` when it is fine. `nil` skips the check; the default parses it as the scheduler will
    /// (`WorkflowValidator.scheduleProblem(in:)`).
    public var scheduleValidator: (@Sendable (String) -> String?)?
    /// Where plugin executables go, for the message about an unknown action.
    public var pluginDirectoryHint: String
    /// Why a local check's target may never be reached (the agent's outbound policy refuses it), or `nil` when it
    /// may or cannot be known before the check runs. `nil` skips the check.
    public var checkTargetProblem: (@Sendable (MonitorCheck) -> String?)?

    public init(
        actions: [String: ActionDescriptor]? = nil,
        scheduleValidator: (@Sendable (String) -> String?)? = WorkflowValidator.scheduleProblem(in:),
        pluginDirectoryHint: String = "the agent's actions directory",
        checkTargetProblem: (@Sendable (MonitorCheck) -> String?)? = nil
    ) {
        self.actions = actions
        self.scheduleValidator = scheduleValidator
        self.pluginDirectoryHint = pluginDirectoryHint
        self.checkTargetProblem = checkTargetProblem
    }

    /// A validator that knows `descriptors`.
    public init(
        descriptors: [ActionDescriptor],
        scheduleValidator: (@Sendable (String) -> String?)? = WorkflowValidator.scheduleProblem(in:)
    ) {
        self.init(
            actions: Dictionary(descriptors.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }),
            scheduleValidator: scheduleValidator)
    }

    /// Every problem in `workflow`, in document order by area (workflow, triggers, steps, graph).
    public func issues(in workflow: WorkflowDefinition) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        let spec = workflow.spec
        let graph = StepGraph(spec: spec)
        if workflow.name.trimmingSpaces().isEmpty {
            issues.append(
                ValidationIssue(
                    pointer: "/name", code: "workflow.name",
                    message: "the workflow needs a non-empty name"))
        }
        if let timeout = spec.timeout, IntervalText.seconds(timeout) == nil {
            issues.append(intervalIssue("/spec/timeout", timeout))
        }
        if let callback = spec.callback, !Self.isHTTPURL(SecretReference.placeholders(in: callback)) {
            issues.append(
                ValidationIssue(
                    pointer: "/spec/callback", code: "callback.url",
                    message:
                        "callback must be an http or https URL with a host, found \"\(CredentialRedaction.url(callback))\""
                ))
        }
        issues += triggerIssues(workflow: workflow, graph: graph)
        issues += firingIssues(spec: spec)
        issues += inputSchemaIssues(spec.inputSchema)
        issues += stepIssues(spec: spec, graph: graph)
        issues += graphIssues(spec: spec, graph: graph)
        issues += outputSchemaIssues(spec: spec, graph: graph)
        return issues
    }

    /// Throws when `workflow` has any issue.
    /// - Throws: `ValidationError` with every issue.
    public func validate(_ workflow: WorkflowDefinition) throws(ValidationError) {
        let found = issues(in: workflow)
        if !found.isEmpty { throw ValidationError(issues: found) }
    }

    /// Whether `text` is an absolute http or https URL with a host.
    static func isHTTPURL(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased() else { return false }
        return ["http", "https"].contains(scheme) && !(url.host ?? "").isEmpty
    }

    func intervalIssue(_ pointer: String, _ text: String) -> ValidationIssue {
        ValidationIssue(
            pointer: pointer, code: "interval.malformed",
            message: "\"\(text)\" is not an interval; use \(IntervalText.expectation)")
    }

    private func triggerIssues(workflow: WorkflowDefinition, graph: StepGraph) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        guard let triggers = workflow.spec.triggers, !triggers.isEmpty else {
            return [
                ValidationIssue(
                    pointer: "/spec/triggers", code: "trigger.none",
                    message:
                        "a workflow needs at least one trigger; add {\"workflowTrigger\": {}} to run it by hand")
            ]
        }
        var seen: [TriggerKind: Int] = [:]
        for (index, trigger) in triggers.enumerated() {
            let base = "/spec/triggers/\(index)"
            let settingsBase = "\(base)/\(trigger.kind.rawValue)"
            if let first = seen[trigger.kind] {
                issues.append(
                    ValidationIssue(
                        pointer: base, code: "trigger.duplicate",
                        message:
                            "\(trigger.kind.rawValue) appears again (first at /spec/triggers/\(first)); each trigger kind may appear at most once"
                    ))
            } else {
                seen[trigger.kind] = index
            }
            for (position, name) in (trigger.startStepNames ?? []).enumerated() where graph.indexByName[name] == nil {
                issues.append(
                    ValidationIssue(
                        pointer: "\(base)/startStepNames/\(position)", code: "trigger.startStep",
                        message: "no step is named \"\(name)\"; \(stepList(graph))"))
            }
            issues += settingsIssues(trigger, at: settingsBase)
        }
        return issues
    }

    private func settingsIssues(_ trigger: Trigger, at base: String) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        let settings = trigger.settings
        if let rateLimit = settings.rateLimit {
            if let count = rateLimit.count, count < 1 {
                issues.append(
                    ValidationIssue(
                        pointer: "\(base)/rateLimit/count", code: "trigger.rateLimit",
                        message: "the count must be at least 1, found \(count)"))
            }
            if rateLimit.count == nil || rateLimit.interval == nil {
                issues.append(
                    ValidationIssue(
                        pointer: "\(base)/rateLimit", code: "trigger.rateLimit",
                        message:
                            "a rateLimit needs both count and interval, e.g. {\"count\": 10, \"interval\": \"3600s\"}"))
            }
            if let interval = rateLimit.interval, IntervalText.seconds(interval) == nil {
                issues.append(intervalIssue("\(base)/rateLimit/interval", interval))
            }
        }
        for (name, value) in [("catchUpWindow", settings.catchUpWindow), ("jitter", settings.jitter)] {
            if let value, IntervalText.seconds(value) == nil { issues.append(intervalIssue("\(base)/\(name)", value)) }
        }
        if trigger.kind == .schedule {
            if let expression = settings.rruleExpression {
                if let problem = scheduleValidator?(expression) {
                    issues.append(
                        ValidationIssue(
                            pointer: "\(base)/rruleExpression", code: "trigger.rrule",
                            message:
                                "\(problem); use an RRULE (\"FREQ=DAILY;BYHOUR=3\"), a DTSTART…RRULE block or a cron expression"
                        ))
                }
            } else {
                issues.append(
                    ValidationIssue(
                        pointer: "\(base)/rruleExpression", code: "trigger.rrule",
                        message:
                            "a scheduleTrigger needs an rruleExpression, e.g. \"FREQ=HOURLY\" or \"0 3 * * *\""))
            }
        } else {
            let scheduleOnly: [(String, Bool)] = [
                ("rruleExpression", settings.rruleExpression != nil),
                ("overlapBehavior", settings.overlapBehavior != nil),
                ("catchUp", settings.catchUp != nil), ("catchUpWindow", settings.catchUpWindow != nil),
                ("jitter", settings.jitter != nil), ("dstPolicy", settings.dstPolicy != nil),
            ]
            for (name, present) in scheduleOnly where present {
                issues.append(
                    ValidationIssue(
                        pointer: "\(base)/\(name)", code: "trigger.setting",
                        message:
                            "\(name) applies only to a scheduleTrigger; remove it from \(trigger.kind.rawValue)"))
            }
        }
        issues += monitorIssues(trigger, at: base)
        return issues
    }

    func stepList(_ graph: StepGraph) -> String {
        graph.steps.isEmpty
            ? "the workflow has no steps"
            : "the steps are " + graph.steps.map { "\"\($0.name)\"" }.joined(separator: ", ")
    }
}
