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
        try await SQLiteStore.withStore(.file(path), options: SQLiteStore.Options(synchronous: synchronous)) { store in
            try await createWorkflows(store)
            try await measure(store)
        }
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
        let clock = ContinuousClock()
        let armStart = clock.now
        try await core.start()
        let armSeconds = BenchSupport.nanoseconds(clock.now - armStart) / 1e9
        BenchSupport.say(
            "armed \(BenchSupport.grouped(core.armedCount)) schedule triggers in \(BenchSupport.fixed(armSeconds, 2)) s"
        )
        let measuredFrom = SystemWallClock().nowMillis
        let samples = Mutex<(lateness: [Int64], fires: Int)>(([], 0))
        core.observeFires { timing in
            let committed = SystemWallClock.nowNanos
            guard timing.deadlineMillis >= measuredFrom else { return }
            samples.withLock { samples in
                samples.lateness.append(committed - timing.deadlineMillis * 1_000_000)
                samples.fires += timing.started
            }
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await core.run() }
            if workers > 0 { group.addTask { try await WorkerPool(runtime: runtime, workers: workers).run() } }
            var elapsed = 0
            while elapsed < durationSeconds {
                let step = min(10, durationSeconds - elapsed)
                try await Task.sleep(for: .seconds(step))
                elapsed += step
                let sorted = samples.withLock { $0.lateness }.sorted()
                let p99 = sorted.isEmpty ? 0 : Double(BenchSupport.percentile(sorted, 99)) / 1e6
                BenchSupport.say(
                    "\(elapsed)/\(durationSeconds) s: \(BenchSupport.grouped(sorted.count)) schedule decisions, "
                        + "p99 so far \(BenchSupport.fixed(p99, 2)) ms")
            }
            core.stop()
            runtime.dispatcher.stop()
            try await group.waitForAll()
        }
        let (lateness, started) = samples.withLock { ($0.lateness.sorted(), $0.fires) }
        guard !lateness.isEmpty else { throw BenchFailure("no schedule fire came due in \(durationSeconds) s") }
        func ms(_ nanos: Int64) -> String { BenchSupport.fixed(Double(nanos) / 1e6, 2) }
        let p99 = BenchSupport.percentile(lateness, 99)
        let worst = lateness.last ?? 0
        print("")
        print("| measure | value | goal | met |")
        print("|---|---|---|---|")
        print("| schedule triggers armed | \(BenchSupport.grouped(core.armedCount)) | | |")
        print("| arming them on start | \(BenchSupport.fixed(armSeconds, 2)) s | | |")
        print("| fires due in \(durationSeconds) s (executions started) | \(BenchSupport.grouped(started)) | | |")
        print("| fire lateness p50 (due → Pending committed) | \(ms(BenchSupport.percentile(lateness, 50))) ms | | |")
        print("| fire lateness p99 | \(ms(p99)) ms | ≤ 50 ms | \(p99 <= 50_000_000 ? "yes" : "**no**") |")
        print("| fire lateness max | \(ms(worst)) ms | ≤ 250 ms | \(worst <= 250_000_000 ? "yes" : "**no**") |")
        print("| resident memory at the end | \(BenchSupport.residentBytes() / 1_048_576) MiB | | |")
        print("")
        print(
            "(one cron trigger per workflow, every \(periodMinutes) min at its own second, jitter 1 s; "
                + "\(workers) workers; synchronous=\(synchronous.rawValue); real clock)")
    }
}
