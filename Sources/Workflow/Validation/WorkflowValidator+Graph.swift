extension WorkflowValidator {
    /// Duplicate names, edges and fallbacks to missing steps, cycles, and steps no trigger reaches.
    func graphIssues(spec: WorkflowSpec, graph: StepGraph) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        for (index, step) in graph.steps.enumerated() {
            let base = "/spec/steps/\(index)"
            if step.name.trimmingSpaces().isEmpty {
                issues.append(
                    ValidationIssue(
                        pointer: "\(base)/name", code: "step.name",
                        message: "a step needs a non-empty name"))
            } else if let first = graph.indexByName[step.name], first != index {
                issues.append(
                    ValidationIssue(
                        pointer: "\(base)/name", code: "step.duplicate",
                        message:
                            "the name \"\(step.name)\" is already used by /spec/steps/\(first); step names must be unique"
                    ))
            }
            for (edgeIndex, edge) in (step.outboundEdges ?? []).enumerated()
            where graph.indexByName[edge.nextStepName] == nil {
                issues.append(
                    ValidationIssue(
                        pointer: "\(base)/outboundEdges/\(edgeIndex)/nextStepName", code: "graph.missingStep",
                        message: "no step is named \"\(edge.nextStepName)\"; \(stepList(graph))"))
            }
            for (handlerIndex, handler) in (step.errorHandlers ?? []).enumerated()
            where graph.indexByName[handler.fallbackStepName] == nil {
                issues.append(
                    ValidationIssue(
                        pointer: "\(base)/errorHandlers/\(handlerIndex)/fallbackStepName", code: "graph.missingStep",
                        message: "no step is named \"\(handler.fallbackStepName)\"; \(stepList(graph))"))
            }
        }
        for (arc, path) in graph.cycles() {
            let names = (path + [arc.to]).map { graph.steps[$0].name }.joined(separator: " → ")
            issues.append(
                ValidationIssue(
                    pointer: pointer(of: arc), code: "graph.cycle",
                    message:
                        "the steps \(names) form a cycle; edges must not lead back to an earlier step (a completionGate repeats a step until its condition holds)"
                ))
        }
        issues += unreachableIssues(spec: spec, graph: graph)
        return issues
    }

    /// Steps that no trigger's start steps (nor a manual run's) lead to.
    private func unreachableIssues(spec: WorkflowSpec, graph: StepGraph) -> [ValidationIssue] {
        var starts: [String] = graph.startStepNames(for: nil, in: spec)
        for trigger in spec.triggers ?? [] {
            starts += graph.startStepNames(for: trigger.kind, in: spec)
        }
        let reachable = graph.reachable(from: starts.compactMap { graph.indexByName[$0] })
        return graph.steps.indices.filter { !reachable.contains($0) && graph.indexByName[graph.steps[$0].name] == $0 }
            .map { index in
                ValidationIssue(
                    pointer: "/spec/steps/\(index)", code: "graph.unreachable",
                    message:
                        "no trigger reaches the step \"\(graph.steps[index].name)\"; name it in a trigger's startStepNames or add an outboundEdge to it"
                )
            }
    }

    func pointer(of arc: StepGraph.Arc) -> String {
        switch arc.link {
        case .edge(let index, _): "/spec/steps/\(arc.from)/outboundEdges/\(index)/nextStepName"
        case .fallback(let index): "/spec/steps/\(arc.from)/errorHandlers/\(index)/fallbackStepName"
        }
    }
}
