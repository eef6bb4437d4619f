import ArgumentParser
import Foundation
import Store
import Workflow

/// `sundial bench store`: SQLite's raw limit, then the store doing the writes of executions' lives from many callers.
struct StoreBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Measure SQLite's raw insert rate and the store's group-committed write rate.",
        discussion: """
            Raw: one-row and 100-row transactions of a small row through the SQLite C API, at synchronous=FULL and \
            NORMAL; then the statements the store runs for an execution's life, on the store's schema with its JSON \
            encoded beforehand, five lives (about a hundred row changes) per transaction. Store: \
            CALLERS concurrent callers each doing the writes of one execution's life (create, start, three step \
            attempts, finish with its callback outbox row: six acknowledged writes) over and over. Databases are \
            created in a temporary directory on the same disk as --directory and removed afterwards.
            """
    )

    @Option(help: "Seconds per measurement.")
    var seconds = 3

    @Option(help: "Concurrent callers for the store measurement.")
    var callers = 64

    @Option(help: "Where to create the databases (default: the system temporary directory).")
    var directory: String?

    func run() async throws {
        let base = URL(fileURLWithPath: directory ?? NSTemporaryDirectory())
            .appendingPathComponent("sundial-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: base) }
        let duration = Duration.seconds(seconds)

        print(
            "| synchronous | raw 1-row tx (rows/s) | raw 100-row tx (rows/s) | raw store rows, 5 lives per tx (rows/s) "
                + "| store executions/s | store writes/s | store rows/s | writes per commit | p50 write | p99 write "
                + "| store rows ÷ raw 100-row | store rows ÷ raw store rows |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for synchronous in [SQLiteStore.Synchronous.full, .normal] {
            let name = synchronous.rawValue
            let single = try RawSQLiteBench(
                path: base.appendingPathComponent("raw1-\(name).db").path, synchronous: name, rowsPerTransaction: 1
            ).run(for: duration)
            let batched = try RawSQLiteBench(
                path: base.appendingPathComponent("raw100-\(name).db").path, synchronous: name,
                rowsPerTransaction: 100
            ).run(for: duration)
            let storeRows = try RawExecutionRowsBench(
                path: base.appendingPathComponent("rawlives-\(name).db").path, synchronous: synchronous,
                livesPerTransaction: 5
            ).run(for: duration)
            let figures = try await StoreLoad(
                path: base.appendingPathComponent("store-\(name).db").path, synchronous: synchronous,
                callers: callers
            ).run(for: duration)
            print(
                "| \(name) | \(Int(single)) | \(Int(batched)) | \(Int(storeRows)) "
                    + "| \(Int(figures.executionsPerSecond)) | \(Int(figures.writesPerSecond)) "
                    + "| \(Int(figures.rowsPerSecond)) | \(String(format: "%.1f", figures.writesPerCommit)) "
                    + "| \(milliseconds(figures.p50)) | \(milliseconds(figures.p99)) "
                    + "| \(percent(figures.rowsPerSecond / batched)) | \(percent(figures.rowsPerSecond / storeRows)) |")
        }
    }

    private func percent(_ ratio: Double) -> String {
        String(format: "%.0f %%", ratio * 100)
    }

    private func milliseconds(_ duration: Duration) -> String {
        String(format: "%.1f ms", duration.seconds * 1000)
    }
}

/// The store under load: callers each running executions' writes until the time is up.
struct StoreLoad {
    struct Figures {
        var executionsPerSecond: Double
        var writesPerSecond: Double
        /// Rows inserted, updated or deleted (SQLite's change count), per second.
        var rowsPerSecond: Double
        var writesPerCommit: Double
        var p50: Duration
        var p99: Duration
    }

    let path: String
    let synchronous: SQLiteStore.Synchronous
    let callers: Int

    func run(for duration: Duration) async throws -> Figures {
        try await SQLiteStore.withStore(.file(path), options: .init(synchronous: synchronous)) { store in
            let clock = ContinuousClock()
            let start = clock.now
            let deadline = start + duration
            let callers = self.callers
            let perCaller = try await withThrowingTaskGroup(of: (Int, [Duration]).self) { group in
                for caller in 0..<callers {
                    group.addTask { try await Self.caller(caller, of: callers, store: store, until: deadline) }
                }
                return try await group.reduce(into: [(Int, [Duration])]()) { $0.append($1) }
            }
            let elapsed = (clock.now - start).seconds
            let executions = perCaller.reduce(0) { $0 + $1.0 }
            let latencies = perCaller.flatMap(\.1).sorted()
            let counts = store.commitCounts
            return Figures(
                executionsPerSecond: Double(executions) / elapsed, writesPerSecond: Double(latencies.count) / elapsed,
                rowsPerSecond: Double(counts.rows) / elapsed,
                writesPerCommit: Double(counts.writes) / Double(max(1, counts.transactions)),
                p50: latencies[latencies.count / 2], p99: latencies[latencies.count * 99 / 100])
        }
    }

    /// One caller's loop; returns how many executions it completed and the latency of each write.
    private static func caller(
        _ index: Int, of callers: Int, store: SQLiteStore, until deadline: ContinuousClock.Instant
    )
        async throws -> (Int, [Duration])
    {
        let clock = ContinuousClock()
        var latencies: [Duration] = []
        var sequence = index
        var executions = 0
        func timed(_ write: () async throws -> Void) async throws {
            let begin = clock.now
            try await write()
            latencies.append(clock.now - begin)
        }
        while clock.now < deadline {
            let sample = SampleExecution(sequence: sequence, start: Date(timeIntervalSince1970: 1_700_000_000))
            sequence += callers
            try await timed { _ = try await store.createExecution(sample.created, idempotencyKey: nil, actor: "bench") }
            try await timed { try await store.record(.executionStarted(sample.started)) }
            for step in SampleExecution.stepNames.indices {
                try await timed {
                    try await store.record(
                        .attemptFinished(
                            executionID: sample.id, stepName: SampleExecution.stepNames[step],
                            attempt: sample.attempt(step)))
                }
            }
            try await timed { try await store.record(.executionFinished(sample.finished)) }
            executions += 1
        }
        return (executions, latencies)
    }
}
