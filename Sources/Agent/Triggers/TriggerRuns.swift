/// The runs each trigger started that have not ended, which the overlap behaviors count: a pure bookkeeping
/// value that the trigger core keeps under its lock.
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

    private(set) var runs: [String: Run] = [:]
    private var byKey: [TriggerKey: [String]] = [:]

    /// The runs of `key` that are active (queued, running, or about to be) and waiting (`BUFFER_ONE`).
    func counts(_ key: TriggerKey) -> (running: Int, waiting: Int) {
        var running = 0
        var waiting = 0
        for id in byKey[key] ?? [] {
            switch runs[id]?.phase {
            case .queued, .committing(.enqueue): running += 1
            case .held, .committing(.hold): waiting += 1
            default: break
            }
        }
        return (running, waiting)
    }

    /// Whether `id` is a tracked run.
    func contains(_ id: String) -> Bool { runs[id] != nil }

    mutating func add(_ id: String, key: TriggerKey, phase: Phase, fireTime: Int64) {
        runs[id] = Run(key: key, phase: phase, fireTime: fireTime)
        byKey[key, default: []].append(id)
    }

    /// Marks the active runs of `key` for cancelling (`CANCEL_PREVIOUS`).
    /// - Returns: the runs in the dispatcher, to cancel now; those still being written are cancelled after their
    ///   commit.
    mutating func cancelActive(_ key: TriggerKey) -> [String] {
        var now: [String] = []
        for id in byKey[key] ?? [] {
            switch runs[id]?.phase {
            case .queued:
                runs[id]?.phase = .cancelling
                now.append(id)
            case .committing(.enqueue):
                runs[id]?.phase = .committing(.cancel)
            default:
                break
            }
        }
        return now
    }

    /// The run's execution is committed.
    /// - Returns: what to do with it now (`nil` when it is not tracked).
    mutating func committed(_ id: String) -> AfterCommit? {
        guard case .committing(let next) = runs[id]?.phase else { return nil }
        switch next {
        case .enqueue: runs[id]?.phase = .queued
        case .hold: runs[id]?.phase = .held
        case .cancel: runs[id]?.phase = .cancelling
        }
        return next
    }

    /// Forgets a run: it ended, or its execution was never written.
    /// - Returns: a waiting run of the same trigger that may start now (`BUFFER_ONE`), already moved to `queued`;
    ///   a waiting run still being written starts after its commit instead.
    mutating func remove(_ id: String) -> (id: String, run: Run)? {
        guard let run = runs.removeValue(forKey: id) else { return nil }
        byKey[run.key]?.removeAll { $0 == id }
        if byKey[run.key]?.isEmpty == true { byKey[run.key] = nil }
        guard counts(run.key).running == 0 else { return nil }
        for waiting in byKey[run.key] ?? [] {
            switch runs[waiting]?.phase {
            case .held:
                runs[waiting]?.phase = .queued
                return runs[waiting].map { (waiting, $0) }
            case .committing(.hold):
                runs[waiting]?.phase = .committing(.enqueue)
                return nil
            default:
                continue
            }
        }
        return nil
    }
}
