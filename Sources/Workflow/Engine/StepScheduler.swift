/// The step graph's state during a run: which steps may start, given the steps that finished, the branches they
/// took and each step's readiness gate. A pure value: the engine tells it what happened and starts what it returns.
///
/// When a step finishes, each of its outgoing links is *taken* (an edge whose branch the result named, or a
/// fallback of a failed step) or *dead*. A step with readiness gate `ANY` (the default) starts on the first taken
/// link into it; `ALL` waits until every step that links to it has decided and starts only if all of them took
/// their link. A step that can no longer start is skipped, and its own links die in turn.
struct StepScheduler: Sendable {
    enum State: Equatable, Sendable {
        case waiting, started, finished, skipped
    }

    /// How a step ended, as far as the graph is concerned.
    enum Result: Sendable {
        case succeeded(branch: String)
        /// Failed, and its error handlers' fallbacks take over.
        case failedWithFallback
    }

    let graph: StepGraph
    private(set) var states: [State]
    /// For each step, the steps that link to it.
    private let sources: [Set<Int>]
    private var decided: [Set<Int>]
    private var taken: [Set<Int>]

    init(graph: StepGraph) {
        self.graph = graph
        states = Array(repeating: .waiting, count: graph.steps.count)
        sources = graph.incoming.map { Set($0.map(\.from)) }
        decided = Array(repeating: [], count: graph.steps.count)
        taken = Array(repeating: [], count: graph.steps.count)
    }

    /// Starts the run at `starts`; returns the steps to launch (each once, in the given order).
    mutating func start(_ starts: [Int]) -> [Int] {
        var launch: [Int] = []
        for index in starts where states[index] == .waiting {
            states[index] = .started
            launch.append(index)
        }
        return launch
    }

    /// Records that `index` finished with `result`; returns the steps that may start now.
    mutating func finish(_ index: Int, _ result: Result) -> [Int] {
        states[index] = .finished
        var launch: [Int] = []
        resolveLinks(from: index, result: result, launch: &launch)
        return launch
    }

    /// Steps that never started, because no taken link reached them or the run stopped first.
    var notStarted: [Int] {
        states.indices.filter { states[$0] == .waiting || states[$0] == .skipped }
    }

    private mutating func resolveLinks(from index: Int, result: Result?, launch: inout [Int]) {
        var decision: [Int: Bool] = [:]
        for arc in graph.outgoing[index] {
            let isTaken: Bool =
                switch (arc.link, result) {
                case (.edge(_, let branch), .succeeded(let chosen)?): branch == chosen
                case (.fallback, .failedWithFallback?): true
                default: false
                }
            decision[arc.to] = (decision[arc.to] ?? false) || isTaken
        }
        for target in decision.keys.sorted() {
            arrive(at: target, from: index, taken: decision[target] ?? false, launch: &launch)
        }
    }

    private mutating func arrive(at target: Int, from source: Int, taken isTaken: Bool, launch: inout [Int]) {
        guard states[target] == .waiting else { return }
        decided[target].insert(source)
        if isTaken { taken[target].insert(source) }
        let allDecided = decided[target].count == sources[target].count
        let threshold = graph.steps[target].readinessGate?.thresholdType ?? .any
        let ready: Bool
        let dead: Bool
        switch threshold {
        case .any:
            ready = !taken[target].isEmpty
            dead = allDecided && taken[target].isEmpty
        case .all:
            ready = allDecided && taken[target].count == sources[target].count
            dead = allDecided && !ready
        }
        if ready {
            states[target] = .started
            launch.append(target)
        } else if dead {
            states[target] = .skipped
            resolveLinks(from: target, result: nil, launch: &launch)
        }
    }
}
