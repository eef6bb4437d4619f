import ArgumentParser
import Foundation
import Store
import Synchronization
import Workflow

/// The child process of the store's crash test: acknowledged writes in a loop until it is killed.
///
/// Each write stores a whole finished execution (its row, three steps, three attempts and its callback) in one
/// call; the sequence number is written to standard output only after the call returned, one `write(2)` per line,
/// so every number the parent reads is a write the store acknowledged.
struct StoreCrashWriterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store-crash-writer",
        abstract: "Write executions to a store until killed, printing each acknowledged sequence number.",
        shouldDisplay: false
    )

    @Option(help: "The database file.")
    var db: String

    @Option(help: "The first sequence number.")
    var start = 0

    @Option(help: "How many concurrent writers.")
    var callers = 8

    @Option(help: "Stop after this many writes (0: never).")
    var count = 0

    func run() async throws {
        let next = SequenceCounter(start)
        let last = count > 0 ? start + count : Int.max
        let output = FileHandle.standardOutput
        try await SQLiteStore.withStore(.file(db)) { store in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<callers {
                    group.addTask {
                        while true {
                            let sequence = next.take()
                            guard sequence < last else { return }
                            let sample = SampleExecution(
                                sequence: sequence, start: Date(timeIntervalSince1970: 1_700_000_000))
                            try await store.record(.executionFinished(sample.finished))
                            output.write(Data("\(sequence)\n".utf8))
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
    }
}

/// Hands out increasing sequence numbers to concurrent writers.
final class SequenceCounter: Sendable {
    private let value: Atomic<Int>

    init(_ start: Int) { value = Atomic(start) }

    func take() -> Int { value.wrappingAdd(1, ordering: .relaxed).oldValue }
}
