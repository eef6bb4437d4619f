import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The agent when it cannot serve: it says why in one line and exits, rather than hanging.
@Suite("sundial agent failures")
struct AgentFailureCLITests {
    @Test("a port another process holds: one line naming the address and the reason, and exit status 1 at once")
    func busyPort() throws {
        let holder = try HeldPort()
        let home = try TemporaryDirectory()
        let process = Process()
        process.executableURL = Sundial.executable
        process.arguments = ["agent", "--home", home.path("home"), "--listen", "127.0.0.1:\(holder.port)"]
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        let started = Date()
        try process.run()
        // Real time is the point here: poll for the exit, with a deadline generous for a loaded machine.
        let deadline = started.addingTimeInterval(30)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        let elapsed = Date().timeIntervalSince(started)
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            Issue.record("the agent was still running after 30 s on a busy port")
        }
        let log = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 1, "\(log)")
        let errors = log.split(separator: "\n").filter { $0.hasPrefix("error: ") }
        #expect(
            errors == [
                "error: cannot listen on 127.0.0.1:\(holder.port): the address is already in use: another process "
                    + "listens on port \(holder.port) (see 'ss -ltnp sport = :\(holder.port)'); stop it or choose "
                    + "another --listen address"
            ], "\(log)")
        #expect(!log.contains("listening"), "\(log)")
        print("the agent exited \(String(format: "%.2f", elapsed)) s after it started on a busy port")
    }
}

/// A loopback port held by a listening socket of this process until it is deinitialized.
private final class HeldPort {
    let descriptor: Int32
    let port: Int

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard fd >= 0, bound == 0, listen(fd, 8) == 0 else {
            if fd >= 0 { close(fd) }
            throw HeldPortError()
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        descriptor = fd
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(descriptor) }
}

private struct HeldPortError: Error {}
