import Agent
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `sundial agent` run by this binary as a child on a fresh home and a port the system picks.
final class BenchAgentProcess: @unchecked Sendable {
    // @unchecked: used by the benchmark's main task only; the process handle is not shared.
    private let process = Process()
    private let stderr = Pipe()
    let url: String
    let key: String

    var pid: Int32 { process.processIdentifier }

    /// Starts the agent and returns once its log says where it listens.
    init(home: String, arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = ["agent", "--home", home, "--listen", "127.0.0.1:0"] + arguments
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var seen = ""
        var port = 0
        while port == 0 {
            let chunk = stderr.fileHandleForReading.availableData
            if chunk.isEmpty { throw BenchFailure("the agent exited before listening:\n\(seen)") }
            seen += String(decoding: chunk, as: UTF8.self)
            if let range = seen.range(of: #"http\.address=127\.0\.0\.1:(\d+)"#, options: .regularExpression) {
                port = Int(seen[range].split(separator: ":").last ?? "") ?? 0
            }
        }
        url = "http://127.0.0.1:\(port)"
        guard let token = AdminKey.read(at: (home as NSString).appendingPathComponent("admin.key")) else {
            throw BenchFailure("no admin key in \(home)")
        }
        key = token
    }

    /// The child's resident memory now and at its peak (`VmRSS`, `VmHWM`), in bytes.
    func memory() -> (current: Int, peak: Int) {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return (0, 0) }
        func field(_ name: String) -> Int {
            guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return 0 }
            return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
        }
        return (field("VmRSS"), field("VmHWM"))
    }

    /// CPU time the child has used so far, user and system together (`/proc/PID/stat`), in seconds.
    func cpuSeconds() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return 0 }
        // After "pid (comm)": state is field 3, utime field 14, stime field 15.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// SIGTERM, then waits for the exit.
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
    }
}
