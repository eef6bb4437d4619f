import Actions
import Agent
import Foundation
import Logging
import Store
import Workflow

/// The callback part of `sundial bench agent`: callbacks delivered per second to a loopback receiver, then how
/// soon a healthy receiver's callbacks arrive while others misbehave (`CallbackFairnessBench`).
///
/// Each round stores `callbacks` finished executions with a callback to a fresh receiver (so their outbox rows are
/// due), then runs the `CallbackDispatcher` service until every row is recorded delivered. The time runs from the
/// dispatcher's start to the last row recorded; every attempt is signed, sent on a pooled connection and recorded
/// through the store's group commit, as in the agent.
struct CallbackBench {
    var callbacks: Int
    var rounds: Int
    var concurrency: Int
    /// Deliveries in flight to one receiver.
    var perReceiver: Int
    /// Executions streamed in each fairness round (0 skips the fairness scenario).
    var fairnessCallbacks: Int
    /// `full` or `normal`.
    var synchronous: String

    private var durability: SQLiteStore.Synchronous { synchronous.lowercased() == "normal" ? .normal : .full }

    /// The agent's default settings with the benchmark's concurrency.
    var settings: CallbackSettings {
        CallbackSettings(concurrency: concurrency, perReceiver: CallbackReceivers.Settings(concurrency: perReceiver))
    }

    func run() async throws {
        if callbacks > 0 { try await measureThroughput() }
        if fairnessCallbacks > 0 {
            try await CallbackFairnessBench(
                callbacks: fairnessCallbacks, rounds: rounds, settings: settings, durability: durability
            ).run()
        }
    }

    func measureThroughput() async throws {
        BenchSupport.say(
            "callbacks: \(BenchSupport.grouped(callbacks)) per round, \(rounds) rounds, concurrency \(concurrency) "
                + "(\(perReceiver) per receiver), synchronous=\(durability.rawValue)")
        var rates: [Double] = []
        print("")
        print("| round | callbacks delivered | seconds | callbacks/s | writes per commit |")
        print("|---:|---:|---:|---:|---:|")
        for round in 1...max(1, rounds) {
            let (seconds, writesPerCommit) = try await measureRound()
            let rate = Double(callbacks) / seconds
            rates.append(rate)
            print(
                "| \(round) | \(BenchSupport.grouped(callbacks)) | \(BenchSupport.fixed(seconds, 2)) "
                    + "| \(BenchSupport.grouped(Int(rate))) | \(BenchSupport.fixed(writesPerCommit)) |")
        }
        print("")
        print("median: \(BenchSupport.grouped(Int(BenchSupport.median(rates)))) callbacks/s (goal ≥ 10,000)")
    }

    /// One round on a fresh database and receiver: seconds until all are delivered, and the store's writes per
    /// commit while delivering.
    func measureRound() async throws -> (seconds: Double, writesPerCommit: Double) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sundial-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let receiver = try await BenchReceiver.start()
        let result: Result<(seconds: Double, writesPerCommit: Double), any Error>
        do {
            result = .success(try await measure(directory: directory, receiver: receiver))
        } catch {
            result = .failure(error)
        }
        await receiver.stop()
        return try result.get()
    }

    private func measure(directory: URL, receiver: BenchReceiver) async throws -> (
        seconds: Double, writesPerCommit: Double
    ) {
        let store = try SQLiteStore(
            .file(directory.appendingPathComponent("sundial.db").path),
            options: SQLiteStore.Options(synchronous: durability))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await store.run() }
            defer { group.cancelAll() }
            try await fill(store, url: receiver.url)
            let before = store.commitCounts
            let dispatcher = CallbackDispatcher(
                store: store, wakeup: CallbackWakeup(), policy: try OutboundPolicy(allowing: ["127.0.0.1/32"]),
                signer: try WebhookSigner(secret: try WebhookSigner.newSecret()),
                settings: settings, logger: Logger(label: "bench.callbacks"))
            let clock = ContinuousClock()
            let start = clock.now
            let elapsed = try await withThrowingTaskGroup(of: Void.self) { delivery in
                delivery.addTask { try await dispatcher.run() }
                defer { delivery.cancelAll() }
                await receiver.wait(for: callbacks)
                // Delivered means recorded: wait for the last attempts' commits.
                while try await !store.dueCallbacks(now: .distantFuture, limit: 1).isEmpty {
                    try await Task.sleep(for: .milliseconds(2))
                }
                return clock.now - start
            }
            let after = store.commitCounts
            let writes = Double(after.writes - before.writes) / Double(max(1, after.transactions - before.transactions))
            return (elapsed.seconds, writes)
        }
    }

    /// Stores `callbacks` finished executions with a callback to `url`, 500 to a write.
    private func fill(_ store: SQLiteStore, url: String) async throws {
        // Finished a minute ago, so every row is due when the dispatcher starts.
        let start = Date().addingTimeInterval(-60)
        var events: [ExecutionEvent] = []
        for sequence in 0..<callbacks {
            var execution = SampleExecution(sequence: sequence, start: start).finished
            execution.callback = url
            events.append(.executionFinished(execution))
            if events.count == 500 {
                try await store.record(events)
                events.removeAll(keepingCapacity: true)
            }
        }
        if !events.isEmpty { try await store.record(events) }
    }
}
