/// Unknown members: every object of the spec keeps the members it does not model in `extra` (so that a workflow
/// round-trips), which also keeps a misspelt member (`publised`, `spec.timout`) that then silently does nothing.
/// These checks list them, each with the nearest known name.
extension WorkflowValidator {
    /// The members each object of a workflow accepts: Datadog's documented members plus Sundial's extensions.
    enum Members {
        static let workflow = [
            "name", "description", "published", "tags", "webhookSecret", "createdAt", "updatedAt", "spec",
        ]
        static let spec = [
            "annotations", "connectionEnvs", "handle", "inputSchema", "outputSchema", "steps", "triggers", "timeout",
            "callback", "onAgentRestart",
        ]
        static let annotation = ["id", "display", "markdownTextAnnotation"]
        static let display = ["bounds"]
        static let bounds = ["x", "y", "width", "height"]
        static let markdown = ["text"]
        static let connectionEnv = ["env", "connections", "connectionGroups"]
        static let connection = ["connectionId", "label"]
        static let connectionGroup = ["connectionGroupId", "label", "tags"]
        static let schema = ["parameters"]
        static let inputParameter = [
            "name", "type", "allowedValues", "allowExtraValues", "defaultValue", "description", "label",
        ]
        static let outputParameter = ["name", "type", "value", "defaultValue", "description", "label"]
        static let trigger = ["startStepNames"] + TriggerKind.allCases.map(\.rawValue)
        static let triggerSettings = [
            "rateLimit", "rruleExpression", "overlapBehavior", "catchUp", "catchUpWindow", "jitter", "dstPolicy",
            "formId", "notifyOnRecovery", "check",
        ]
        static let rateLimit = ["count", "interval"]
        static let dstPolicy = ["gap", "overlap"]
        static let step = [
            "name", "actionId", "parameters", "outboundEdges", "readinessGate", "completionGate", "errorHandlers",
            "connectionLabel", "display", "timeout",
        ]
        static let stepParameter = ["name", "value"]
        static let outboundEdge = ["branchName", "nextStepName"]
        static let readinessGate = ["thresholdType"]
        static let completionGate = ["completionCondition", "retryStrategy"]
        static let completionCondition = ["operand1", "operand2", "operator"]
        static let errorHandler = ["fallbackStepName", "retryStrategy"]
        static let retryStrategy = ["kind", "linear", "exponential"]
        static let linear = ["interval", "maxRetries"]
        static let exponential = ["initialInterval", "maxRetries", "multiplier", "maxInterval", "jitter"]
    }

    /// Members no object of the workflow accepts, and step parameters their action does not take, each with the
    /// nearest known name. `sundial validate` reports them as problems; the API accepts the workflow and answers
    /// with them as warnings. The envelope around the attributes (`data`, beside `data`) is not checked.
    public func memberIssues(in workflow: WorkflowDefinition) -> [ValidationIssue] {
        var issues = unknown(workflow.extra, Members.workflow, in: "a workflow", at: "")
        let spec = workflow.spec
        issues += unknown(spec.extra, Members.spec, in: "spec", at: "/spec")
        for (index, annotation) in (spec.annotations ?? []).enumerated() {
            let base = "/spec/annotations/\(index)"
            issues += unknown(annotation.extra, Members.annotation, in: "an annotation", at: base)
            issues += unknown(annotation.display.extra, Members.display, in: "display", at: "\(base)/display")
            if let bounds = annotation.display.bounds {
                issues += unknown(bounds.extra, Members.bounds, in: "bounds", at: "\(base)/display/bounds")
            }
            issues += unknown(
                annotation.markdownTextAnnotation.extra, Members.markdown, in: "markdownTextAnnotation",
                at: "\(base)/markdownTextAnnotation")
        }
        for (index, env) in (spec.connectionEnvs ?? []).enumerated() {
            let base = "/spec/connectionEnvs/\(index)"
            issues += unknown(env.extra, Members.connectionEnv, in: "a connectionEnv", at: base)
            for (position, connection) in (env.connections ?? []).enumerated() {
                issues += unknown(
                    connection.extra, Members.connection, in: "a connection", at: "\(base)/connections/\(position)")
            }
            for (position, group) in (env.connectionGroups ?? []).enumerated() {
                issues += unknown(
                    group.extra, Members.connectionGroup, in: "a connectionGroup",
                    at: "\(base)/connectionGroups/\(position)")
            }
        }
        if let schema = spec.inputSchema {
            issues += unknown(schema.extra, Members.schema, in: "inputSchema", at: "/spec/inputSchema")
            for (index, parameter) in (schema.parameters ?? []).enumerated() {
                issues += unknown(
                    parameter.extra, Members.inputParameter, in: "an input parameter",
                    at: "/spec/inputSchema/parameters/\(index)")
            }
        }
        if let schema = spec.outputSchema {
            issues += unknown(schema.extra, Members.schema, in: "outputSchema", at: "/spec/outputSchema")
            for (index, parameter) in (schema.parameters ?? []).enumerated() {
                issues += unknown(
                    parameter.extra, Members.outputParameter, in: "an output parameter",
                    at: "/spec/outputSchema/parameters/\(index)")
            }
        }
        for (index, trigger) in (spec.triggers ?? []).enumerated() {
            issues += triggerMemberIssues(trigger, at: "/spec/triggers/\(index)")
        }
        for (index, step) in (spec.steps ?? []).enumerated() {
            issues += stepMemberIssues(step, at: "/spec/steps/\(index)")
        }
        return issues
    }

    private func triggerMemberIssues(_ trigger: Trigger, at base: String) -> [ValidationIssue] {
        var issues = unknown(trigger.extra, Members.trigger, in: "a trigger", at: base)
        let settings = trigger.settings
        let settingsBase = "\(base)/\(trigger.kind.rawValue)"
        issues += unknown(settings.extra, Members.triggerSettings, in: trigger.kind.rawValue, at: settingsBase)
        if let rateLimit = settings.rateLimit {
            issues += unknown(rateLimit.extra, Members.rateLimit, in: "rateLimit", at: "\(settingsBase)/rateLimit")
        }
        if let policy = settings.dstPolicy {
            issues += unknown(policy.extra, Members.dstPolicy, in: "dstPolicy", at: "\(settingsBase)/dstPolicy")
        }
        return issues
    }

    private func stepMemberIssues(_ step: Step, at base: String) -> [ValidationIssue] {
        var issues = unknown(step.extra, Members.step, in: "a step", at: base)
        let descriptor = actions?[step.actionId]
        let accepted = descriptor?.parameters.map(\.name) ?? []
        for (index, parameter) in (step.parameters ?? []).enumerated() {
            let pointer = "\(base)/parameters/\(index)"
            issues += unknown(parameter.extra, Members.stepParameter, in: "a step parameter", at: pointer)
            // An action that lists no parameters (a plugin without a descriptor file) cannot say what it takes.
            guard let descriptor, !accepted.isEmpty, !accepted.contains(parameter.name) else { continue }
            issues.append(
                ValidationIssue(
                    pointer: "\(pointer)/name", code: "action.parameterUnknown",
                    message: "the action \"\(descriptor.id)\" takes no parameter \"\(parameter.name)\""
                        + NearestName.suggestion(for: parameter.name, in: accepted)
                        + "; it takes " + accepted.map { "\"\($0)\"" }.joined(separator: ", ")))
        }
        if let display = step.display {
            issues += unknown(display.extra, Members.display, in: "display", at: "\(base)/display")
            if let bounds = display.bounds {
                issues += unknown(bounds.extra, Members.bounds, in: "bounds", at: "\(base)/display/bounds")
            }
        }
        for (index, edge) in (step.outboundEdges ?? []).enumerated() {
            issues += unknown(
                edge.extra, Members.outboundEdge, in: "an outboundEdge", at: "\(base)/outboundEdges/\(index)")
        }
        if let gate = step.readinessGate {
            issues += unknown(gate.extra, Members.readinessGate, in: "readinessGate", at: "\(base)/readinessGate")
        }
        if let gate = step.completionGate {
            let gateBase = "\(base)/completionGate"
            issues += unknown(gate.extra, Members.completionGate, in: "completionGate", at: gateBase)
            issues += unknown(
                gate.completionCondition.extra, Members.completionCondition, in: "completionCondition",
                at: "\(gateBase)/completionCondition")
            issues += retryMemberIssues(gate.retryStrategy, at: "\(gateBase)/retryStrategy")
        }
        for (index, handler) in (step.errorHandlers ?? []).enumerated() {
            let handlerBase = "\(base)/errorHandlers/\(index)"
            issues += unknown(handler.extra, Members.errorHandler, in: "an errorHandler", at: handlerBase)
            issues += retryMemberIssues(handler.retryStrategy, at: "\(handlerBase)/retryStrategy")
        }
        return issues
    }

    private func retryMemberIssues(_ strategy: RetryStrategy, at base: String) -> [ValidationIssue] {
        var issues = unknown(strategy.extra, Members.retryStrategy, in: "retryStrategy", at: base)
        if let linear = strategy.linear {
            issues += unknown(linear.extra, Members.linear, in: "linear", at: "\(base)/linear")
        }
        if let exponential = strategy.exponential {
            issues += unknown(exponential.extra, Members.exponential, in: "exponential", at: "\(base)/exponential")
        }
        return issues
    }

    /// One `member.unknown` issue per member of `extra` that `accepted` does not list (a listed member can be in
    /// `extra` when its value was `null`). A member named `//` is a comment and accepted anywhere.
    func unknown(_ extra: [String: JSONValue], _ accepted: [String], in what: String, at base: String)
        -> [ValidationIssue]
    {
        extra.keys.filter { !accepted.contains($0) && $0 != "//" }.sorted().map { name in
            ValidationIssue(
                pointer: "\(base)/\(JSONPointer.escape(name))", code: "member.unknown",
                message: "\(what) has no member \"\(name)\"" + NearestName.suggestion(for: name, in: accepted)
                    + "; it is kept but does nothing. Accepted: " + accepted.map { "\"\($0)\"" }.joined(separator: ", ")
            )
        }
    }
}
