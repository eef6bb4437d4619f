import Actions
import Agent
import Foundation
import Logging
import Store
import Workflow

/// The fairness part of the callback benchmark: how soon a healthy receiver's callbacks arrive while three others
/// hang (accept and never answer), fail (503) and throttle (429 with `Retry-After: 1`).
///
/// Each round starts four loopback receivers and a fresh database holding `hungBacklog` callbacks to the hanging
/// receiver from a minute ago (the case: they are the oldest rows), then runs the `CallbackDispatcher`
/// service with the agent's default settings while `callbacks` executions finish at `rate` per second, in turn
/// to each receiver, each woken as the agent does at an execution's end. It reports, for the healthy receiver, the
/// time from each execution's end to its callback's arrival (p50, p99, max) and how many had not arrived
/// `patience` after the last execution ended.
struct CallbackFairnessBench {
    var callbacks: Int
    var rounds: Int
    var settings: CallbackSettings
    var durability: SQLiteStore.Synchronous
    var hungBacklog = 64
    var rate = 500.0
    var patience: Duration = .seconds(30)

    struct Round {
        var latencies: [Double]
        var missing: Int
        var troubledRequests: Int
    }

    func run() async throws {
        let healthy = (callbacks + 3) / 4
        BenchSupport.say(
            "callback fairness: \(BenchSupport.grouped(callbacks)) executions at \(Int(rate))/s to 4 receivers "
                + "(healthy, hang, 503, 429) after \(hungBacklog) to the hanging one; \(rounds) rounds; "
                + "concurrency \(settings.concurrency), \(settings.perReceiver.concurrency) per receiver")
        print("")
        print("| round | healthy delivered | p50 ms | p99 ms | max ms | not arrived after 30 s | troubled requests |")
        print("|---:|---:|---:|---:|---:|---:|---:|")
        var p99s: [Double] = []
        for round in 1...max(1, rounds) {
            let result = try await measureRound()
            let sorted = result.latencies.sorted()
            let p99 = sorted.isEmpty ? .infinity : BenchSupport.percentile(sorted, 99)
            p99s.append(p99)
            print(
                "| \(round) | \(BenchSupport.grouped(sorted.count)) of \(BenchSupport.grouped(healthy)) "
                    + "| \(BenchSupport.fixed(sorted.isEmpty ? 0 : BenchSupport.percentile(sorted, 50), 1)) "
                    + "| \(BenchSupport.fixed(p99, 1)) | \(BenchSupport.fixed(sorted.last ?? 0, 1)) "
                    + "| \(result.missing) | \(BenchSupport.grouped(result.troubledRequests)) |")
        }
        print("")
        print(
            "median healthy p99: \(BenchSupport.fixed(BenchSupport.median(p99s), 1)) ms from run end to arrival "
                + "(goal ≤ 1,000 ms)")
    }

    private func measureRound() async throws -> Round {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sundial-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var receivers: [BenchReceiver] = []
        do {
            for behavior in [BenchReceiver.Behavior.healthy, .hang, .fail, .throttle] {
                receivers.append(try await BenchReceiver.start(behavior))
            }
            let result = try await measure(directory: directory, receivers: receivers)
            for receiver in receivers { await receiver.stop() }
            return result
        } catch {
            for receiver in receivers { await receiver.stop() }
            throw error
        }
    }

    private func measure(directory: URL, receivers: [BenchReceiver]) async throws -> Round {
        let store = try SQLiteStore(
            .file(directory.appendingPathComponent("sundial.db").path),
            options: SQLiteStore.Options(synchronous: durability))
        let healthy = receivers[0]
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await store.run() }
            defer { group.cancelAll() }
            let minuteAgo = Date().addingTimeInterval(-60)
            try await store.record(
                (0..<hungBacklog).map { index in
                    var execution = SampleExecution(sequence: 1_000_000 + index, start: minuteAgo).finished
                    execution.callback = receivers[1].url
                    return .executionFinished(execution)
                })
            let wakeup = CallbackWakeup()
            let dispatcher = CallbackDispatcher(
                store: store, wakeup: wakeup, policy: try OutboundPolicy(allowing: ["127.0.0.1/32"]),
                signer: try WebhookSigner(secret: WebhookSigner.newSecret()), settings: settings,
                logger: Logger(label: "bench.callbacks") { _ in SwiftLogNoOpLogHandler() })
            return try await withThrowingTaskGroup(of: Void.self) { delivery in
                delivery.addTask { try await dispatcher.run() }
                defer { delivery.cancelAll() }
                let ended = try await stream(store, wakeup: wakeup, receivers: receivers)
                let expected = ended.count
                let clock = ContinuousClock()
                let deadline = clock.now + patience
                while healthy.arrivals.count < expected, clock.now < deadline {
                    try await Task.sleep(for: .milliseconds(20))
                }
                let arrivals = healthy.arrivals
                let latencies = ended.compactMap { id, end in
                    arrivals[id].map { max(0, $0.timeIntervalSince(end) * 1000) }
                }
                let troubled = receivers.dropFirst().reduce(0) { $0 + $1.requests }
                return Round(latencies: latencies, missing: expected - latencies.count, troubledRequests: troubled)
            }
        }
    }

    /// Finishes `callbacks` executions at `rate` per second, in turn to each receiver, waking the dispatcher at each
    /// as the agent does; returns the healthy receiver's webhook ids with their executions' ends.
    private func stream(_ store: SQLiteStore, wakeup: CallbackWakeup, receivers: [BenchReceiver]) async throws
        -> [String: Date]
    {
        var ended: [String: Date] = [:]
        let clock = ContinuousClock()
        let start = clock.now
        for sequence in 0..<callbacks {
            let due = start + .milliseconds(Int64(Double(sequence) / rate * 1000))
            if clock.now < due { try await Task.sleep(until: due, clock: clock) }
            var execution = SampleExecution(sequence: sequence, start: Date().addingTimeInterval(-0.05)).finished
            execution.callback = receivers[sequence % receivers.count].url
            try await store.record(.executionFinished(execution))
            wakeup.wake()
            if sequence % receivers.count == 0, let end = execution.finishedAt { ended["msg_" + execution.id] = end }
        }
        return ended
    }
}
