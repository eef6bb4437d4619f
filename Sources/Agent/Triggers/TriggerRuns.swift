/// The runs each schedule trigger started that have not ended, which its overlap behavior counts: a pure
/// bookkeeping value that the trigger core keeps under its lock. Every operation is O(1), except the two that look
/// at one trigger's runs (`cancelActive` for `CANCEL_PREVIOUS`, and releasing a `BUFFER_ONE` run), which are
/// O(runs of that trigger): one or two for those behaviors.
///
/// A run is tracked from the moment a fire decides to start it (before its execution is written, so the next
/// decision already sees it) until the dispatcher says it ended.
struct TriggerRuns: Sendable {
    /// Where a run is.
    enum Phase: Hashable, Sendable {
        /// Its execution is being written; what follows the commit.
        case committing(AfterCommit)
        /// In the dispatcher: waiting for a worker or running.
        case queued
        /// Written, held back until the trigger's running run ends (`BUFFER_ONE`).
        case held
        /// Being cancelled (`CANCEL_PREVIOUS`); no longer counted.
        case cancelling

        /// What the overlap behaviors count it as.
        var counted: (running: Int, waiting: Int) {
            switch self {
            case .queued, .committing(.enqueue): (1, 0)
            case .held, .committing(.hold): (0, 1)
            case .cancelling, .committing(.cancel): (0, 0)
            }
        }
    }

    /// What happens to a run once its execution is committed.
    enum AfterCommit: Hashable, Sendable {
        case enqueue
        case hold
        case cancel
    }

    struct Run: Hashable, Sendable {
        var key: TriggerKey
        var phase: Phase
        /// Orders the run among executions of its priority in the dispatcher (milliseconds).
        var fireTime: Int64
    }

    /// One trigger's runs and how many count as running and waiting.
    private struct Tally: Sendable {
        var ids: Set<String> = []
        var running = 0
        var waiting = 0
    }

    private(set) var runs: [String: Run] = [:]
    private var tallies: [TriggerKey: Tally] = [:]

    /// The runs of `key` that are active (queued, running, or about to be) and waiting (`BUFFER_ONE`).
    func counts(_ key: TriggerKey) -> (running: Int, waiting: Int) {
        tallies[key].map { ($0.running, $0.waiting) } ?? (0, 0)
    }

    /// Whether `id` is a tracked run.
    func contains(_ id: String) -> Bool { runs[id] != nil }

    mutating func add(_ id: String, key: TriggerKey, phase: Phase, fireTime: Int64) {
        runs[id] = Run(key: key, phase: phase, fireTime: fireTime)
        tallies[key, default: Tally()].ids.insert(id)
        count(key, phase, sign: 1)
    }

    private mutating func count(_ key: TriggerKey, _ phase: Phase, sign: Int) {
        let counted = phase.counted
        tallies[key]?.running += sign * counted.running
        tallies[key]?.waiting += sign * counted.waiting
    }

    private mutating func move(_ id: String, to phase: Phase) {
        guard let run = runs[id] else { return }
        count(run.key, run.phase, sign: -1)
        runs[id]?.phase = phase
        count(run.key, phase, sign: 1)
    }

    /// Marks the active runs of `key` for cancelling (`CANCEL_PREVIOUS`).
    /// - Returns: the runs in the dispatcher, to cancel now; those still being written are cancelled after their
    ///   commit.
    mutating func cancelActive(_ key: TriggerKey) -> [String] {
        guard counts(key).running > 0 else { return [] }
        var now: [String] = []
        for id in tallies[key]?.ids ?? [] {
            switch runs[id]?.phase {
            case .queued:
                move(id, to: .cancelling)
                now.append(id)
            case .committing(.enqueue):
                move(id, to: .committing(.cancel))
            default:
                break
            }
        }
        return now.sorted { (runs[$0]?.fireTime ?? 0) < (runs[$1]?.fireTime ?? 0) }
    }

    /// The run's execution is committed.
    /// - Returns: what to do with it now (`nil` when it is not tracked).
    mutating func committed(_ id: String) -> AfterCommit? {
        guard case .committing(let next) = runs[id]?.phase else { return nil }
        switch next {
        case .enqueue: move(id, to: .queued)
        case .hold: move(id, to: .held)
        case .cancel: move(id, to: .cancelling)
        }
        return next
    }

    /// Forgets a run: it ended, or its execution was never written.
    /// - Returns: a waiting run of the same trigger that may start now (`BUFFER_ONE`), already moved to `queued`;
    ///   a waiting run still being written starts after its commit instead.
    mutating func remove(_ id: String) -> (id: String, run: Run)? {
        guard let run = runs[id] else { return nil }
        count(run.key, run.phase, sign: -1)
        runs[id] = nil
        tallies[run.key]?.ids.remove(id)
        if tallies[run.key]?.ids.isEmpty == true { tallies[run.key] = nil }
        let counts = counts(run.key)
        guard counts.running == 0, counts.waiting > 0 else { return nil }
        let waiting = (tallies[run.key]?.ids ?? []).filter { runs[$0]?.phase.counted.waiting == 1 }
            .min { (runs[$0]?.fireTime ?? 0) < (runs[$1]?.fireTime ?? 0) }
        guard let waiting, let phase = runs[waiting]?.phase else { return nil }
        if phase == .held {
            move(waiting, to: .queued)
            return runs[waiting].map { (waiting, $0) }
        }
        move(waiting, to: .committing(.enqueue))
        return nil
    }
}
