extension WorkflowValidator {
    /// Duplicate inputs, defaults of the wrong type, malformed allowed values.
    func inputSchemaIssues(_ schema: InputSchema?) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        var seen: Set<String> = []
        for (index, parameter) in (schema?.parameters ?? []).enumerated() {
            let base = "/spec/inputSchema/parameters/\(index)"
            if !seen.insert(parameter.name).inserted {
                issues.append(
                    ValidationIssue(
                        pointer: "\(base)/name", code: "input.duplicate",
                        message: "the input \"\(parameter.name)\" is defined twice"))
            }
            if let allowed = parameter.allowedValues, allowed.arrayValue == nil {
                issues.append(
                    ValidationIssue(
                        pointer: "\(base)/allowedValues", code: "input.allowedValues",
                        message: "allowedValues must be an array of values, found \(allowed.typeName)"))
            }
            if let value = parameter.defaultValue, !parameter.type.accepts(value) {
                issues.append(
                    ValidationIssue(
                        pointer: "\(base)/defaultValue", code: "input.type",
                        message:
                            "the default of \"\(parameter.name)\" must be \(parameter.type.phrase) (\(parameter.type.rawValue)), found \(value.typeName)"
                    ))
            }
        }
        return issues
    }

    /// Duplicate outputs and their templates.
    func outputSchemaIssues(spec: WorkflowSpec, graph: StepGraph) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        var seen: Set<String> = []
        for (index, parameter) in (spec.outputSchema?.parameters ?? []).enumerated() {
            let base = "/spec/outputSchema/parameters/\(index)"
            if !seen.insert(parameter.name).inserted {
                issues.append(
                    ValidationIssue(
                        pointer: "\(base)/name", code: "output.duplicate",
                        message: "the output \"\(parameter.name)\" is defined twice"))
            }
            if let value = parameter.value { issues += templateIssues(value, at: "\(base)/value", graph: graph) }
        }
        return issues
    }
}
