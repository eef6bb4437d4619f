import Actions
import Agent
import Foundation
import Logging
import Scheduler
import Store
import Synchronization
import Workflow

/// Fire lateness of schedule triggers in the agent's own trigger core: `triggers` published workflows, each with a
/// schedule trigger, armed in one timing wheel over a file store, driven by the real clock with the dispatcher and
/// workers running. Lateness is the time from a fire's due time (its occurrence plus its stable jitter) to the
/// commit that stores its execution `Pending` with the fire.
///
/// Each trigger fires every `periodMinutes` at its own second (6-field cron `S M/P * * * *`) plus up to 1 s of
/// jitter, so `triggers ÷ (60 × periodMinutes)` fires come due per second, spread over the milliseconds.
struct TriggerBench {
    var triggers: Int
    var durationSeconds: Int
    var periodMinutes: Int
    var workers: Int
    var synchronous: SQLiteStore.Synchronous

    func run() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sundial-trigger-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("sundial.db").path
        let options = SQLiteStore.Options(synchronous: synchronous)
        try await SQLiteStore.withStore(.file(path), options: options) { store in try await createWorkflows(store) }
        // The agent starts on a database whose workflows were written earlier (closing it checkpointed their WAL).
        try await SQLiteStore.withStore(.file(path), options: options) { store in try await measure(store) }
        // A restart: every trigger has its state, so arming writes only the states of triggers no longer armed.
        try await SQLiteStore.withStore(.file(path), options: options) { store in
            var logger = Logger(label: "sundial.bench")
            logger.logLevel = .warning
            let core = TriggerCore(
                store: store, dispatcher: ExecutionDispatcher(), clock: SystemWallClock(), logger: logger)
            let clock = ContinuousClock()
            let began = clock.now
            try await core.armStoredTriggers()
            print(
                "| arming them on a restart (driver not running) | "
                    + "\(BenchSupport.fixed(BenchSupport.nanoseconds(clock.now - began) / 1e9, 2)) s | | |")
        }
        print("")
        print(
            "(one cron trigger per workflow, every \(periodMinutes) min at its own second, jitter 1 s; "
                + "\(workers) workers; synchronous=\(synchronous.rawValue); real clock)")
    }

    /// Stores the workflows, 64 writers at a time (group commit batches them).
    private func createWorkflows(_ store: SQLiteStore) async throws {
        let clock = ContinuousClock()
        let start = clock.now
        var random = SplitMix64(seed: 11)
        let rules = (0..<triggers).map { _ in
            "\(random.next() % 60) \(random.next() % UInt64(periodMinutes))/\(periodMinutes) * * * *"
        }
        let writers = 64
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    for index in stride(from: writer, to: triggers, by: writers) {
                        let settings = TriggerSettings(rruleExpression: rules[index], jitter: "1s")
                        let definition = WorkflowDefinition(
                            name: "bench schedule \(index)", published: true,
                            spec: WorkflowSpec(
                                steps: [Step(name: "Only", actionId: "com.datadoghq.core.noop")],
                                triggers: [Trigger(kind: .schedule, settings: settings)]))
                        _ = try await store.createWorkflow(
                            id: "bench-\(index)", definition: definition, actor: "bench", at: Date())
                    }
                }
            }
            try await group.waitForAll()
        }
        BenchSupport.say(
            "stored \(BenchSupport.grouped(triggers)) workflows in "
                + "\(BenchSupport.fixed(BenchSupport.nanoseconds(clock.now - start) / 1e9, 1)) s")
    }

    private func measure(_ store: SQLiteStore) async throws {
        var logger = Logger(label: "sundial.bench")
        logger.logLevel = .warning
        let runtime = AgentRuntime(
            store: store, registry: ActionRegistry.builtIns(), dispatcher: ExecutionDispatcher(), logger: logger)
        let core = runtime.triggers
        try await core.recoverRuns()
        let measuredFrom = SystemWallClock().nowMillis
        // Each committed decision: when it was due (ms) and how late its commit was (ns).
        let samples = Mutex<(lateness: [(due: Int64, late: Int64)], fires: Int)>(([], 0))
        core.observeFires { timing in
            let committed = SystemWallClock.nowNanos
            guard timing.deadlineMillis >= measuredFrom else { return }
            samples.withLock { samples in
                samples.lateness.append((timing.deadlineMillis, committed - timing.deadlineMillis * 1_000_000))
                samples.fires += timing.started
            }
        }
        let clock = ContinuousClock()
        let began = clock.now
        // As in the agent: the driver runs while the stored triggers are armed.
        let armed = try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await core.run() }
            if workers > 0 { group.addTask { try await WorkerPool(runtime: runtime, workers: workers).run() } }
            try await core.armStoredTriggers()
            let armSeconds = BenchSupport.nanoseconds(clock.now - began) / 1e9
            let armedAt = SystemWallClock().nowMillis
            BenchSupport.say(
                "armed \(BenchSupport.grouped(core.armedCount)) schedule triggers in "
                    + "\(BenchSupport.fixed(armSeconds, 2)) s (the driver running)")
            while clock.now - began < .seconds(durationSeconds) {
                try await Task.sleep(for: min(.seconds(10), .seconds(durationSeconds) - (clock.now - began)))
                let sorted = samples.withLock { $0.lateness.map(\.late) }.sorted()
                let p99 = sorted.isEmpty ? 0 : Double(BenchSupport.percentile(sorted, 99)) / 1e6
                BenchSupport.say(
                    "\(Int(BenchSupport.nanoseconds(clock.now - began) / 1e9))/\(durationSeconds) s: "
                        + "\(BenchSupport.grouped(sorted.count)) schedule decisions, p99 so far "
                        + "\(BenchSupport.fixed(p99, 2)) ms")
            }
            core.stop()
            runtime.dispatcher.stop()
            try await group.waitForAll()
            return (seconds: armSeconds, at: armedAt)
        }
        let (all, started) = samples.withLock { ($0.lateness, $0.fires) }
        let lateness = all.map(\.late).sorted()
        let afterArming = all.filter { $0.due >= armed.at }.map(\.late).sorted()
        guard !lateness.isEmpty, !afterArming.isEmpty else {
            throw BenchFailure("no schedule fire came due in \(durationSeconds) s")
        }
        func ms(_ nanos: Int64) -> String { BenchSupport.fixed(Double(nanos) / 1e6, 2) }
        let p99 = BenchSupport.percentile(lateness, 99)
        let worst = lateness.last ?? 0
        let armSeconds = armed.seconds
        print("")
        print("| measure | value | goal | met |")
        print("|---|---|---|---|")
        print("| schedule triggers armed | \(BenchSupport.grouped(core.armedCount)) | | |")
        print("| arming them on a first start (states written) | \(BenchSupport.fixed(armSeconds, 2)) s | | |")
        print("| fires due in \(durationSeconds) s (executions started) | \(BenchSupport.grouped(started)) | | |")
        print("| schedule decisions measured (one commit each) | \(BenchSupport.grouped(lateness.count)) | | |")
        print("| fire lateness p50 (due → Pending committed) | \(ms(BenchSupport.percentile(lateness, 50))) ms | | |")
        print("| fire lateness p99 | \(ms(p99)) ms | ≤ 50 ms | \(p99 <= 50_000_000 ? "yes" : "**no**") |")
        print("| fire lateness max | \(ms(worst)) ms | ≤ 250 ms | \(worst <= 250_000_000 ? "yes" : "**no**") |")
        print(
            "| after arming: p50 / p99 / max | \(ms(BenchSupport.percentile(afterArming, 50))) / "
                + "\(ms(BenchSupport.percentile(afterArming, 99))) / \(ms(afterArming.last ?? 0)) ms | | |")
        print("| resident memory after the run | \(BenchSupport.residentBytes() / 1_048_576) MiB | | |")
    }
}
