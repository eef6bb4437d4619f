/// The step graph of a spec, by index: outbound edges and error-handler fallbacks, and which steps a trigger
/// starts. Shared by validation and the engine; edges to missing steps are left out (validation reports them).
public struct StepGraph: Sendable {
    /// How one step leads to another.
    public enum Link: Hashable, Sendable {
        /// `outboundEdges[edge]`, followed when the result names `branch`.
        case edge(index: Int, branch: String)
        /// `errorHandlers[handler]`, followed when the step failed.
        case fallback(index: Int)
    }

    /// One link from a step to another.
    public struct Arc: Hashable, Sendable {
        public var from: Int
        public var to: Int
        public var link: Link
    }

    public let steps: [Step]
    /// Step index by name (the first step of a duplicated name).
    public let indexByName: [String: Int]
    /// Arcs leaving each step, in spec order (edges first, then fallbacks).
    public let outgoing: [[Arc]]
    /// Arcs entering each step.
    public let incoming: [[Arc]]

    public init(spec: WorkflowSpec) {
        let steps = spec.steps ?? []
        var indexByName: [String: Int] = [:]
        for (index, step) in steps.enumerated() where indexByName[step.name] == nil {
            indexByName[step.name] = index
        }
        var outgoing = Array(repeating: [Arc](), count: steps.count)
        var incoming = Array(repeating: [Arc](), count: steps.count)
        for (from, step) in steps.enumerated() {
            var arcs: [Arc] = []
            for (edgeIndex, edge) in (step.outboundEdges ?? []).enumerated() {
                guard let to = indexByName[edge.nextStepName] else { continue }
                arcs.append(Arc(from: from, to: to, link: .edge(index: edgeIndex, branch: edge.branchName)))
            }
            for (handlerIndex, handler) in (step.errorHandlers ?? []).enumerated() {
                guard let to = indexByName[handler.fallbackStepName] else { continue }
                arcs.append(Arc(from: from, to: to, link: .fallback(index: handlerIndex)))
            }
            outgoing[from] = arcs
            for arc in arcs { incoming[arc.to].append(arc) }
        }
        self.steps = steps
        self.indexByName = indexByName
        self.outgoing = outgoing
        self.incoming = incoming
    }

    /// Steps that no edge or fallback points to, in spec order.
    public var roots: [Int] {
        steps.indices.filter { incoming[$0].isEmpty }
    }

    /// The steps a run starts at, by name: the trigger's `startStepNames`; for a run started by hand or over the
    /// API (`trigger == nil`) the `apiTrigger`'s, else the `workflowTrigger`'s; else every root.
    public func startStepNames(for trigger: TriggerKind?, in spec: WorkflowSpec) -> [String] {
        let candidates: [TriggerKind] = trigger.map { [$0] } ?? [.api, .workflow]
        for kind in candidates {
            if let names = spec.trigger(kind)?.startStepNames, !names.isEmpty { return names }
        }
        return roots.map { steps[$0].name }
    }

    /// Indices reachable from `starts` (including them), following edges and fallbacks.
    public func reachable(from starts: [Int]) -> Set<Int> {
        var seen = Set(starts)
        var stack = starts
        while let next = stack.popLast() {
            for arc in outgoing[next] where seen.insert(arc.to).inserted {
                stack.append(arc.to)
            }
        }
        return seen
    }

    /// Indices from which `index` can be reached (its upstream steps), not including `index` unless it is on a
    /// cycle.
    public func ancestors(of index: Int) -> Set<Int> {
        var seen: Set<Int> = []
        var stack = [index]
        while let next = stack.popLast() {
            for arc in incoming[next] where seen.insert(arc.from).inserted {
                stack.append(arc.from)
            }
        }
        return seen
    }

    /// Arcs that close a cycle (a back edge of a depth-first search from every step), each with the cycle's
    /// steps from the arc's target round to its source.
    public func cycles() -> [(arc: Arc, path: [Int])] {
        enum Mark { case unvisited, active, done }
        var marks = Array(repeating: Mark.unvisited, count: steps.count)
        var path: [Int] = []
        var found: [(arc: Arc, path: [Int])] = []
        func visit(_ node: Int) {
            marks[node] = .active
            path.append(node)
            for arc in outgoing[node] {
                switch marks[arc.to] {
                case .unvisited: visit(arc.to)
                case .active:
                    let start = path.lastIndex(of: arc.to) ?? 0
                    found.append((arc, Array(path[start...])))
                case .done: break
                }
            }
            path.removeLast()
            marks[node] = .done
        }
        for node in steps.indices where marks[node] == .unvisited { visit(node) }
        return found
    }
}
