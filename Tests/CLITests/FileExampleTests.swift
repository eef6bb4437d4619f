import Foundation
import Testing

/// The examples that work on files: disk-cleanup, log-rotate and stale-lock, each run by the built binary on a
/// scratch directory.
@Suite("examples: files")
struct FileExampleTests {
    private func writeFile(_ path: String, bytes: Int, daysOld: Int = 0) throws {
        try Data(repeating: UInt8(ascii: "x"), count: bytes).write(to: URL(fileURLWithPath: path))
        if daysOld > 0 {
            let date = Date(timeIntervalSinceNow: -Double(daysOld) * 86_400)
            try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: path)
        }
    }

    private func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    @Test("disk-cleanup deletes old temporary files when the directory is over its limit")
    func diskCleanup() throws {
        let scratch = try TemporaryDirectory()
        try writeFile(scratch.path("a.tmp"), bytes: 300_000, daysOld: 10)
        try writeFile(scratch.path("b.tmp"), bytes: 300_000, daysOld: 10)
        try writeFile(scratch.path("fresh.tmp"), bytes: 100_000)
        try writeFile(scratch.path("notes.txt"), bytes: 10, daysOld: 10)
        let payload = #"{"directory": "\#(scratch.url.path)", "maxKilobytes": 400}"#
        let result = try Sundial.run(["run", "--json", "--payload", payload, Sundial.example("disk-cleanup.yaml")])
        #expect(result.status == 0, "stdout: \(result.stdout)")
        let execution = try #require(ExecutionJSON(result))
        #expect(execution.status == "Successful")
        #expect(execution.stepStatuses.values.allSatisfy { $0 == "Successful" })
        let removed = (execution.outputs["removed"] as? String ?? "").split(separator: "\n").map(String.init).sorted()
        #expect(removed == [scratch.path("a.tmp"), scratch.path("b.tmp")])
        let before = Int(execution.outputs["kilobytesBefore"] as? String ?? "")
        let after = Int(execution.outputs["kilobytesAfter"] as? String ?? "")
        #expect(before.map { $0 > 400 } == true)
        #expect(after.map { $0 <= 400 } == true)
        #expect(!exists(scratch.path("a.tmp")) && !exists(scratch.path("b.tmp")))
        #expect(exists(scratch.path("fresh.tmp")) && exists(scratch.path("notes.txt")))
    }

    @Test("disk-cleanup leaves a directory under its limit alone")
    func diskCleanupUnderLimit() throws {
        let scratch = try TemporaryDirectory()
        try writeFile(scratch.path("old.tmp"), bytes: 1_000, daysOld: 30)
        let payload = #"{"directory": "\#(scratch.url.path)"}"#
        let result = try Sundial.run(["run", "--json", "--payload", payload, Sundial.example("disk-cleanup.yaml")])
        #expect(result.status == 0)
        let execution = try #require(ExecutionJSON(result))
        #expect(
            execution.stepStatuses == [
                "Measure": "Successful", "Decide": "Successful", "Clean": "Skipped", "Verify": "Skipped",
            ])
        #expect(execution.outputs["kilobytesAfter"] as? String == "unchanged")
        #expect(execution.outputs["removed"] as? String == "")
        #expect(exists(scratch.path("old.tmp")))
    }

    @Test("disk-cleanup fails when cleaning did not bring the directory under its limit")
    func diskCleanupNotEnough() throws {
        let scratch = try TemporaryDirectory()
        try writeFile(scratch.path("old.tmp"), bytes: 100_000, daysOld: 10)
        try writeFile(scratch.path("fresh.tmp"), bytes: 300_000)
        let payload = #"{"directory": "\#(scratch.url.path)", "maxKilobytes": 200}"#
        let result = try Sundial.run(["run", "--payload", payload, Sundial.example("disk-cleanup.yaml")])
        #expect(result.status == 1)
        #expect(result.stdoutLines.contains { $0.hasPrefix("✘ Verify ") && $0.contains("shell.exit") })
        #expect(result.stdoutLines.contains("Status: Failed"))
        #expect(!exists(scratch.path("old.tmp")))
    }

    @Test("log-rotate compresses a large log, starts an empty one and prunes old copies")
    func logRotate() throws {
        let scratch = try TemporaryDirectory()
        let log = scratch.path("app.log")
        try writeFile(log, bytes: 5_000)
        try writeFile(log + ".20240101T000000Z.gz", bytes: 10)
        try writeFile(log + ".20240102T000000Z.gz", bytes: 10)
        let payload = #"{"file": "\#(log)", "maxBytes": 1000, "keep": 2}"#
        let result = try Sundial.run(["run", "--json", "--payload", payload, Sundial.example("log-rotate.yaml")])
        #expect(result.status == 0, "stdout: \(result.stdout)")
        let execution = try #require(ExecutionJSON(result))
        #expect(execution.outputs["bytesBefore"] as? String == "5000")
        let rotated = try #require(execution.outputs["rotatedTo"] as? String)
        #expect(rotated.hasPrefix(log + ".") && rotated.hasSuffix("Z.gz"))
        #expect(exists(rotated))
        #expect(execution.outputs["pruned"] as? String == log + ".20240101T000000Z.gz\n")
        #expect(!exists(log + ".20240101T000000Z.gz") && exists(log + ".20240102T000000Z.gz"))
        #expect((try FileManager.default.attributesOfItem(atPath: log)[.size] as? Int) == 0)
    }

    @Test("log-rotate leaves a small log alone")
    func logRotateSmall() throws {
        let scratch = try TemporaryDirectory()
        let log = scratch.path("app.log")
        try writeFile(log, bytes: 100)
        let result = try Sundial.run([
            "run", "--json", "--payload", #"{"file": "\#(log)"}"#, Sundial.example("log-rotate.yaml"),
        ])
        #expect(result.status == 0)
        let execution = try #require(ExecutionJSON(result))
        #expect(execution.stepStatuses["Rotate"] == "Skipped")
        #expect(execution.outputs["rotatedTo"] as? String == "")
        #expect((try FileManager.default.attributesOfItem(atPath: log)[.size] as? Int) == 100)
    }

    @Test(
        "stale-lock removes a lock only when its process is gone",
        arguments: [
            ("999999999\n", "stale 999999999", "Successful", false),
            (
                "\(ProcessInfo.processInfo.processIdentifier)\n", "held \(ProcessInfo.processInfo.processIdentifier)",
                "none", true
            ),
            (nil, "absent", "none", false),
        ])
    func staleLock(_ content: String?, finding: String, removal: String, kept: Bool) throws {
        let scratch = try TemporaryDirectory()
        let lock = scratch.path("job.lock")
        if let content { try scratch.write("job.lock", content) }
        let result = try Sundial.run([
            "run", "--json", "--payload", #"{"lockFile": "\#(lock)"}"#, Sundial.example("stale-lock.json"),
        ])
        #expect(result.status == 0, "stdout: \(result.stdout)")
        let execution = try #require(ExecutionJSON(result))
        #expect(execution.outputs["finding"] as? String == finding)
        #expect(execution.outputs["removal"] as? String == removal)
        #expect(exists(lock) == kept)
    }
}
