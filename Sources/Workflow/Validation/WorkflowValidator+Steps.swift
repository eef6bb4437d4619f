extension WorkflowValidator {
    /// Actions, parameters, connections, gates, handlers, timeouts and templates of every step.
    func stepIssues(spec: WorkflowSpec, graph: StepGraph) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        let labels = Set(
            (spec.connectionEnvs ?? []).flatMap {
                ($0.connections ?? []).map(\.label) + ($0.connectionGroups ?? []).map(\.label)
            })
        for (index, step) in graph.steps.enumerated() {
            let base = "/spec/steps/\(index)"
            issues += actionIssues(step, at: base)
            if let label = step.connectionLabel, !labels.contains(label) {
                let known =
                    labels.isEmpty
                    ? "spec.connectionEnvs defines none"
                    : "defined labels: " + labels.sorted().joined(separator: ", ")
                issues.append(
                    ValidationIssue(
                        pointer: "\(base)/connectionLabel", code: "step.connection",
                        message: "no connection is labelled \"\(label)\"; \(known)"))
            }
            if let timeout = step.timeout, IntervalText.seconds(timeout) == nil {
                issues.append(intervalIssue("\(base)/timeout", timeout))
            }
            if let gate = step.completionGate {
                let condition = gate.completionCondition
                if condition.operator.needsSecondOperand, condition.operand2 == nil {
                    issues.append(
                        ValidationIssue(
                            pointer: "\(base)/completionGate/completionCondition/operand2", code: "step.condition",
                            message: "\(condition.operator.rawValue) compares two operands; add operand2"))
                }
                issues += retryIssues(gate.retryStrategy, at: "\(base)/completionGate/retryStrategy")
            }
            for (handlerIndex, handler) in (step.errorHandlers ?? []).enumerated() {
                issues += retryIssues(handler.retryStrategy, at: "\(base)/errorHandlers/\(handlerIndex)/retryStrategy")
            }
            let upstream = graph.ancestors(of: index)
            for (parameterIndex, parameter) in (step.parameters ?? []).enumerated() {
                issues += templateIssues(
                    parameter.value, at: "\(base)/parameters/\(parameterIndex)/value", graph: graph,
                    readableFrom: (step.name, upstream))
            }
            if let gate = step.completionGate {
                let conditionBase = "\(base)/completionGate/completionCondition"
                let readable = (step.name, upstream.union([index]))
                issues += templateIssues(
                    gate.completionCondition.operand1, at: "\(conditionBase)/operand1",
                    graph: graph, readableFrom: readable)
                if let operand2 = gate.completionCondition.operand2 {
                    issues += templateIssues(
                        operand2, at: "\(conditionBase)/operand2", graph: graph,
                        readableFrom: readable)
                }
            }
        }
        return issues
    }

    private func actionIssues(_ step: Step, at base: String) -> [ValidationIssue] {
        guard let actions else { return [] }
        guard let descriptor = actions[step.actionId] else {
            let known = actions.keys.sorted().joined(separator: ", ")
            return [
                ValidationIssue(
                    pointer: "\(base)/actionId", code: "action.unknown",
                    message:
                        "unknown action \"\(step.actionId)\"; known actions: \(known.isEmpty ? "none" : known). To add one, install a plugin: an executable named \"\(step.actionId)\" in \(pluginDirectoryHint)"
                )
            ]
        }
        var issues: [ValidationIssue] = []
        let given = step.parameterValues
        for parameter in descriptor.parameters where parameter.required && parameter.defaultValue == nil {
            if given[parameter.name] == nil {
                issues.append(
                    ValidationIssue(
                        pointer: "\(base)/parameters", code: "action.parameterMissing",
                        message:
                            "the action \"\(descriptor.id)\" requires the parameter \"\(parameter.name)\" (\(parameter.type)): \(parameter.description)"
                    ))
            }
        }
        for (index, parameter) in (step.parameters ?? []).enumerated() {
            guard let expected = descriptor.parameters.first(where: { $0.name == parameter.name }) else { continue }
            if !Self.value(parameter.value, matches: expected.type) {
                issues.append(
                    ValidationIssue(
                        pointer: "\(base)/parameters/\(index)/value", code: "action.parameterType",
                        message:
                            "the parameter \"\(parameter.name)\" of \"\(descriptor.id)\" takes \(expected.type), found \(parameter.value.typeName)"
                    ))
            }
        }
        return issues
    }

    /// Whether a parameter value fits an action parameter type; a string holding a template fits any type.
    static func value(_ value: JSONValue, matches type: String) -> Bool {
        if case .string(let text) = value, text.contains("{{") { return true }
        switch type {
        case "string": return value.stringValue != nil
        case "integer": return value.intValue != nil
        case "number": return value.doubleValue != nil
        case "boolean": return value.boolValue != nil
        case "array": return value.arrayValue != nil
        case "object": return value.objectValue != nil
        default: return true
        }
    }

    func retryIssues(_ strategy: RetryStrategy, at base: String) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        switch strategy.kind {
        case .linear:
            guard let linear = strategy.linear else {
                return [
                    ValidationIssue(
                        pointer: "\(base)/linear", code: "retry.settings",
                        message:
                            "RETRY_STRATEGY_LINEAR needs \"linear\": {\"interval\": \"30s\", \"maxRetries\": 3}")
                ]
            }
            if IntervalText.seconds(linear.interval) == nil {
                issues.append(intervalIssue("\(base)/linear/interval", linear.interval))
            }
            issues += maxRetriesIssues(linear.maxRetries, at: "\(base)/linear/maxRetries")
        case .exponential:
            guard let exponential = strategy.exponential else {
                return [
                    ValidationIssue(
                        pointer: "\(base)/exponential", code: "retry.settings",
                        message:
                            "RETRY_STRATEGY_EXPONENTIAL needs \"exponential\": {\"initialInterval\": \"1s\", \"maxRetries\": 5}"
                    )
                ]
            }
            let path = "\(base)/exponential"
            if IntervalText.seconds(exponential.initialInterval) == nil {
                issues.append(intervalIssue("\(path)/initialInterval", exponential.initialInterval))
            }
            if let maxInterval = exponential.maxInterval, IntervalText.seconds(maxInterval) == nil {
                issues.append(intervalIssue("\(path)/maxInterval", maxInterval))
            }
            if let multiplier = exponential.multiplier, !(multiplier >= 1) {
                issues.append(
                    ValidationIssue(
                        pointer: "\(path)/multiplier", code: "retry.settings",
                        message: "the multiplier must be at least 1, found \(multiplier)"))
            }
            if let jitter = exponential.jitter, !(0...1).contains(jitter) {
                issues.append(
                    ValidationIssue(
                        pointer: "\(path)/jitter", code: "retry.settings",
                        message: "jitter is a fraction from 0 to 1, found \(jitter)"))
            }
            issues += maxRetriesIssues(exponential.maxRetries, at: "\(path)/maxRetries")
        }
        return issues
    }

    private func maxRetriesIssues(_ value: Double, at pointer: String) -> [ValidationIssue] {
        guard !(value >= 0 && value.rounded() == value && value <= 1000) else { return [] }
        return [
            ValidationIssue(
                pointer: pointer, code: "retry.settings",
                message: "maxRetries is a whole number from 0 to 1000, found \(value)")
        ]
    }

    /// Template syntax, roots, and `Steps.<name>` naming a step; with `readableFrom`, also that the step named is
    /// upstream of the step using the template (else it cannot have finished when the template is rendered).
    func templateIssues(
        _ value: JSONValue, at base: String, graph: StepGraph,
        readableFrom: (step: String, indices: Set<Int>)? = nil
    ) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        for (pointer, text) in Template.templates(in: value) {
            do {
                for path in try Template(parsing: text).paths {
                    if !TemplatePath.roots.contains(path.root) {
                        issues.append(
                            ValidationIssue(
                                pointer: base + pointer, code: "template.root",
                                message:
                                    "unknown root \"\(path.root)\" in \"\(text)\"; a path starts with one of \(TemplatePath.roots.joined(separator: ", "))"
                            ))
                    } else if path.root == "Steps", case .member(let name)? = path.components.first,
                        graph.indexByName[name] == nil
                    {
                        issues.append(
                            ValidationIssue(
                                pointer: base + pointer, code: "template.step",
                                message:
                                    "\"\(text)\" refers to a step \"\(name)\" that does not exist; \(stepList(graph))"))
                    } else if path.root == "Steps", case .member(let name)? = path.components.first,
                        let index = graph.indexByName[name], let readable = readableFrom,
                        !readable.indices.contains(index)
                    {
                        issues.append(
                            ValidationIssue(
                                pointer: base + pointer, code: "template.order",
                                message:
                                    "\"\(text)\" reads the step \"\(name)\", which does not run before \"\(readable.step)\"; a step can read only the steps that lead to it"
                            ))
                    }
                }
            } catch {
                issues.append(ValidationIssue(pointer: base + pointer, code: error.code, message: error.message))
            }
        }
        return issues
    }
}
