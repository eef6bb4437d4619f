import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `sundial agent` started on a fresh home and a port the system picks, stopped with SIGTERM when done.
final class RunningAgent: @unchecked Sendable {
    // @unchecked: the process and pipe are only touched by the test that owns the agent, one call at a time.
    let home: TemporaryDirectory
    let process = Process()
    let stderr = Pipe()
    private(set) var port = 0

    var url: String { "http://127.0.0.1:\(port)" }

    /// Starts the agent and returns once its log says where it listens (reading its output, not sleeping).
    /// - Parameters:
    ///   - configuration: YAML for a `--config` file, if any.
    ///   - home: the directory whose `home` is the agent's home (by default a fresh one).
    ///   - options: more arguments for `sundial agent` (`--allow-unknown-actions`).
    init(configuration: String? = nil, home: TemporaryDirectory? = nil, options: [String] = []) throws {
        self.home = try home ?? TemporaryDirectory()
        process.executableURL = Sundial.executable
        process.arguments =
            ["agent", "--home", self.home.path("home"), "--listen", "127.0.0.1:0", "--log-level", "notice"]
            + options
        if let configuration {
            process.arguments! += ["--config", try self.home.write("agent.yaml", configuration)]
        }
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        var seen = ""
        while port == 0 {
            let chunk = stderr.fileHandleForReading.availableData
            if chunk.isEmpty { throw AgentStartError(log: seen) }
            seen += String(decoding: chunk, as: UTF8.self)
            if let range = seen.range(of: #"http\.address=127\.0\.0\.1:(\d+)"#, options: .regularExpression) {
                port = Int(seen[range].split(separator: ":").last ?? "") ?? 0
            }
        }
    }

    /// `--url` and `--home` for a client command.
    var clientArguments: [String] { ["--url", url, "--home", home.path("home")] }

    /// Sends SIGTERM and waits for the agent to exit; returns its exit status.
    @discardableResult
    func stop() -> Int32 {
        if process.isRunning {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
        }
        return process.terminationStatus
    }

    deinit { stop() }
}

struct AgentStartError: Error, CustomStringConvertible {
    var log: String
    var description: String { "the agent exited before listening:\n\(log)" }
}
