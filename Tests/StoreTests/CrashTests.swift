import Foundation
import GRDB
import Store
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Kills a writing process at random moments and checks that every acknowledged write survived, whole.
@Suite("Crash safety")
struct CrashTests {
    static let kills = 200

    @Test func acknowledgedWritesSurviveSIGKILL() async throws {
        let binary = try #require(Self.sundialBinary(), "build the package first: swift build --build-tests")
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("sundial.db")
        // The loop blocks on pipes and child processes, so it runs on its own thread rather than the cooperative pool.
        let report = try await withCheckedThrowingContinuation { (done: CheckedContinuation<CrashReport, any Error>) in
            Thread.detachNewThread {
                done.resume(with: Result { try Self.killLoop(binary: binary, path: path) })
            }
        }
        #expect(report.kills == Self.kills)
        #expect(report.problems == [])
        // Most kills must land mid-write for the test to mean something.
        #expect(report.acknowledged > Self.kills)
        print(
            "crash test: \(report.kills) SIGKILLs, \(report.acknowledged) acknowledged writes verified, "
                + "\(report.stored) executions stored, \(String(format: "%.1f", report.seconds)) s")
    }

    struct CrashReport: Sendable {
        var kills = 0
        var acknowledged = 0
        var stored = 0
        var seconds = 0.0
        var problems: [String] = []
    }

    private static func killLoop(binary: URL, path: String) throws -> CrashReport {
        var random = SplitMix64(seed: 0x5EED_2026)
        var acknowledged = Set<Int>()
        var report = CrashReport()
        let start = Date()
        for iteration in 0..<kills {
            let process = Process()
            process.executableURL = binary
            process.arguments = [
                "store-crash-writer", "--db", path, "--start", "\(iteration * 1_000_000)", "--callers", "8",
            ]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Kill after a random number of acknowledgements (0 kills it while it opens or migrates).
            let target = Int(random.next() % 24)
            var buffer = Data()
            var lines = 0
            while lines < target {
                let chunk = pipe.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                buffer.append(chunk)
                lines = buffer.count { $0 == UInt8(ascii: "\n") }
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            buffer.append(pipe.fileHandleForReading.readDataToEndOfFile())
            if process.terminationReason != .uncaughtSignal {
                report.problems.append("iteration \(iteration): the writer exited with \(process.terminationStatus)")
            }
            // Only whole lines count: a number cut short was never fully acknowledged.
            let text = String(decoding: buffer, as: UTF8.self)
            let complete = text.hasSuffix("\n") ? text : String(text[..<(text.lastIndex(of: "\n") ?? text.startIndex)])
            acknowledged.formUnion(complete.split(separator: "\n").compactMap { Int($0) })
            report.kills += 1
            report.problems += try verify(path: path, acknowledged: acknowledged).map {
                "iteration \(iteration): \($0)"
            }
            if !report.problems.isEmpty { break }
        }
        report.acknowledged = acknowledged.count
        report.stored = try DatabaseQueue(path: path).read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM executions") ?? 0
        }
        report.seconds = Date().timeIntervalSince(start)
        return report
    }

    /// Problems found: acknowledged writes missing, executions stored in part, or an integrity failure.
    private static func verify(path: String, acknowledged: Set<Int>) throws -> [String] {
        guard FileManager.default.fileExists(atPath: path) else {
            return acknowledged.isEmpty ? [] : ["the database is gone"]
        }
        // Opening through the store recovers the WAL, checks the schema and applies missing migrations.
        _ = try SQLiteStore(.file(path))
        return try DatabaseQueue(path: path).read { db in
            var problems: [String] = []
            let ids = try Set(String.fetchAll(db, sql: "SELECT id FROM executions"))
            let missing = acknowledged.filter { !ids.contains("exec-\($0)") }
            if !missing.isEmpty { problems.append("acknowledged writes missing: \(missing.sorted().prefix(10))") }
            let partial = try String.fetchAll(
                db,
                sql: """
                    SELECT id FROM executions AS e WHERE status <> 'Successful' OR finished_at IS NULL
                        OR (SELECT count(*) FROM steps WHERE execution_id = e.id AND status = 'Successful') <> 3
                        OR (SELECT count(*) FROM step_attempts WHERE execution_id = e.id) <> 3
                        OR (SELECT count(*) FROM callback_outbox WHERE execution_id = e.id) <> 1
                    """)
            if !partial.isEmpty { problems.append("executions stored in part: \(partial.prefix(10))") }
            let orphans =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT (SELECT count(*) FROM steps WHERE execution_id NOT IN (SELECT id FROM executions))
                            + (SELECT count(*) FROM step_attempts WHERE execution_id NOT IN (SELECT id FROM executions))
                        """) ?? 0
            if orphans > 0 { problems.append("\(orphans) step rows without their execution") }
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            if integrity != ["ok"] { problems.append("integrity_check: \(integrity.prefix(5))") }
            return problems
        }
    }

    /// The `sundial` executable next to the test bundle (both are products of the same build).
    static func sundialBinary() -> URL? {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL,
            Bundle.main.bundleURL.deletingLastPathComponent(),
        ]
        return candidates.map { $0.appendingPathComponent("sundial") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }
}

/// A small seeded generator, so a failing run can be repeated kill for kill.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
