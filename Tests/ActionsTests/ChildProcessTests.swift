import Foundation
import Testing

@testable import Actions

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Timeouts, signals and cancellation of real child processes (grace 0.2 s, so nothing waits long).
@Suite("Child processes")
struct ChildProcessTests {
    func request(_ script: String, timeout: Duration? = nil) -> ChildProcess.Request {
        var request = ChildProcess.Request(executable: "/bin/sh", arguments: ["-c", script])
        request.environment = ChildProcess.baseEnvironment(from: ChildProcess.currentEnvironment())
        request.timeout = timeout
        request.terminationGrace = .milliseconds(200)
        return request
    }

    @Test func baseEnvironmentKeepsOnlyPathHomeAndLang() {
        let parent = [
            "PATH": "/opt/bin", "HOME": "/root", "LANG": "C.UTF-8", "AWS_SECRET_ACCESS_KEY": "x", "USER": "u",
        ]
        #expect(ChildProcess.baseEnvironment(from: parent) == ["PATH": "/opt/bin", "HOME": "/root", "LANG": "C.UTF-8"])
        #expect(ChildProcess.baseEnvironment(from: [:])["PATH"]?.contains("/usr/bin") == true)
    }

    @Test func timeoutSendsTermFirst() async throws {
        // The child traps TERM and exits 7 after saying so: proof it was asked politely before any KILL.
        let outcome = try await ChildProcess.run(
            request(
                "trap 'echo got-term; exit 7' TERM; echo started; while :; do sleep 0.05; done",
                timeout: .seconds(1)))
        #expect(outcome.timedOut)
        #expect(outcome.termination == .exited(7))
        #expect(String(decoding: outcome.standardOutput, as: UTF8.self) == "started\ngot-term\n")
    }

    @Test func timeoutEscalatesToKillWhenTermIsIgnored() async throws {
        let outcome = try await ChildProcess.run(
            request("trap '' TERM; echo started; while :; do sleep 0.05; done", timeout: .seconds(1)))
        #expect(outcome.timedOut)
        #expect(outcome.termination == .signalled(SIGKILL))
        #expect(outcome.exitCode == 128 + SIGKILL)
    }

    @Test func timeoutStopsTheWholeProcessGroup() async throws {
        let outcome = try await ChildProcess.run(request("sleep 300 & echo $!; wait", timeout: .seconds(1)))
        #expect(outcome.timedOut)
        let grandchild = try #require(
            Int32(
                String(decoding: outcome.standardOutput, as: UTF8.self)
                    .trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(await Self.processEnds(grandchild))
    }

    @Test func cancellationStopsTheChildAndThrows() async throws {
        let directory = try ActionTesting.temporaryDirectory()
        defer { ActionTesting.removeDirectory(directory) }
        let pidFile = directory + "/pid"
        let child = request("echo $$ > '\(pidFile)'; exec sleep 300")
        let task = Task { try await ChildProcess.run(child) }
        let pid = try #require(await Self.waitForPID(in: pidFile))
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(await Self.processEnds(pid))
    }

    @Test func aChildThatIgnoresStdinDoesNotFail() async throws {
        var request = request("exit 0")
        request.standardInput = Array(repeating: 0x61, count: 1 << 20)
        let outcome = try await ChildProcess.run(request)
        #expect(outcome.termination == .exited(0))
    }

    /// Whether `pid` is gone (or a zombie awaiting its reaper) within a few seconds: a kill is asynchronous.
    static func processEnds(_ pid: Int32) async -> Bool {
        for _ in 0..<200 {
            if kill(pid, 0) != 0 { return true }
            let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
            if let close = stat.lastIndex(of: ")"), stat[stat.index(close, offsetBy: 2)] == "Z" { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    /// Waits for a child to write its pid: the cancellation test must cancel a running child, not a pending one.
    static func waitForPID(in path: String) async -> Int32? {
        for _ in 0..<500 {
            if let text = try? String(contentsOfFile: path, encoding: .utf8),
                let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
            {
                return pid
            }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return nil
    }
}
