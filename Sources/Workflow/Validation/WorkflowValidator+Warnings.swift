/// Warnings: a workflow that is accepted and can run, but not the way its author probably expects.
extension WorkflowValidator {
    /// What is probably a mistake in `workflow` without making it unusable: automatic triggers of an unpublished
    /// workflow, which never fire, and an `ALL` readiness gate fed by a step that only runs as a fallback, which is
    /// skipped whenever nothing fails. `sundial validate` prints them and exits 0; the API answers with them in
    /// `meta.warnings`.
    public func warnings(in workflow: WorkflowDefinition) -> [ValidationIssue] {
        unpublishedWarnings(workflow) + unroutedMonitorWarnings(workflow.spec)
            + fallbackJoinWarnings(StepGraph(spec: workflow.spec), spec: workflow.spec)
    }

    /// A monitorTrigger is fired by a local check or by an inbound alert naming the workflow's handle; with neither
    /// nothing can fire it.
    private func unroutedMonitorWarnings(_ spec: WorkflowSpec) -> [ValidationIssue] {
        guard let index = spec.triggers?.firstIndex(where: { $0.kind == .monitor }),
            spec.triggers?[index].settings.check == nil,
            (spec.handle ?? "").trimmingSpaces().isEmpty
        else { return [] }
        return [
            ValidationIssue(
                pointer: "/spec/triggers/\(index)/monitorTrigger", code: "trigger.unrouted",
                message: "nothing can fire this monitorTrigger: it has no check, and without spec.handle no inbound "
                    + "alert can name the workflow; set spec.handle (the name alerts use) or add a check")
        ]
    }

    /// The trigger kinds that fire on their own (not a run started by hand or over the API).
    static let automaticKinds: [TriggerKind] = [.schedule, .monitor, .githubWebhook]

    private func unpublishedWarnings(_ workflow: WorkflowDefinition) -> [ValidationIssue] {
        guard workflow.published != true else { return [] }
        let automatic = (workflow.spec.triggers ?? []).filter { Self.automaticKinds.contains($0.kind) }
        guard !automatic.isEmpty else { return [] }
        let names = automatic.map(\.kind.rawValue).joined(separator: ", ")
        return [
            ValidationIssue(
                pointer: "/published", code: "workflow.unpublished",
                message: "the workflow is not published, so its \(names) will not fire; "
                    + "set \"published\": true to turn \(automatic.count == 1 ? "it" : "them") on "
                    + "(runs by hand and over the API work either way)")
        ]
    }

    /// `ALL` gates that wait for a step reached only through an error handler's fallback. On the happy path the
    /// fallback is not taken, so the gate can never open: the engine skips the gated step (and what follows it)
    /// and the run still ends `Successful`.
    private func fallbackJoinWarnings(_ graph: StepGraph, spec: WorkflowSpec) -> [ValidationIssue] {
        var starts: [String] = graph.startStepNames(for: nil, in: spec)
        for trigger in spec.triggers ?? [] { starts += graph.startStepNames(for: trigger.kind, in: spec) }
        let happy = happyPath(graph, from: starts.compactMap { graph.indexByName[$0] })
        var warnings: [ValidationIssue] = []
        for (index, step) in graph.steps.enumerated() where step.readinessGate?.thresholdType == .all {
            for arc in graph.incoming[index] {
                let source = graph.steps[arc.from].name
                let detail: String
                if case .fallback = arc.link {
                    detail = "\"\(source)\" leads to it only as its error handler's fallback"
                } else if !happy.contains(arc.from), let reason = fallbackOrigin(of: arc.from, graph: graph) {
                    detail = "\"\(source)\" runs only as the fallback of \"\(reason)\""
                } else {
                    continue
                }
                warnings.append(
                    ValidationIssue(
                        pointer: "/spec/steps/\(index)/readinessGate", code: "graph.fallbackJoin",
                        message: "the ALL gate of \"\(step.name)\" waits for \"\(source)\", but \(detail): when "
                            + "nothing fails, \"\(step.name)\" is skipped and the run still ends Successful. Use "
                            + "thresholdType ANY, or join only steps that run on every path"))
            }
        }
        return warnings
    }

    /// The steps reached from `starts` by outbound edges alone, without any fallback.
    private func happyPath(_ graph: StepGraph, from starts: [Int]) -> Set<Int> {
        var seen = Set(starts)
        var stack = starts
        while let next = stack.popLast() {
            for arc in graph.outgoing[next] {
                guard case .edge = arc.link, seen.insert(arc.to).inserted else { continue }
                stack.append(arc.to)
            }
        }
        return seen
    }

    /// The name of the step whose fallback leads (through edges) to `index`, the nearest one found upstream.
    private func fallbackOrigin(of index: Int, graph: StepGraph) -> String? {
        var seen: Set<Int> = [index]
        var queue = [index]
        while !queue.isEmpty {
            let next = queue.removeFirst()
            for arc in graph.incoming[next] {
                if case .fallback = arc.link { return graph.steps[arc.from].name }
                if seen.insert(arc.from).inserted { queue.append(arc.from) }
            }
        }
        return nil
    }
}
