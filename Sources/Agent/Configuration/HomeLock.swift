import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One agent per home: an exclusive `flock` on `HOME/agent.lock`, held for the agent's life and released by the
/// kernel however the process ends (a SIGKILL included).
///
/// A second agent on the same home would take the first one's `Running` executions for a crashed run's and run
/// them again, and both would fire every schedule; it is refused at start instead. The file holds the owner's pid
/// for the message.
public final class HomeLock: Sendable {
    private let descriptor: Int32
    /// The lock file.
    public let path: String

    /// Takes the lock on `home`.
    /// - Throws: `ConfigurationError` when another process holds it (naming its pid) or the file cannot be opened.
    public init(home: String) throws {
        path = (home as NSString).appendingPathComponent("agent.lock")
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw ConfigurationError("cannot open \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let reason = errno
            let owner = Self.owner(descriptor)
            close(descriptor)
            guard reason == EWOULDBLOCK else {
                throw ConfigurationError("cannot lock \(path): \(String(cString: strerror(reason)))")
            }
            throw ConfigurationError(
                "another agent is running on the home \(home)\(owner.map { " (pid \($0))" } ?? ""); stop it first, "
                    + "or start this one with another --home")
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pid.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// The pid the lock file names, if it holds one.
    private static func owner(_ descriptor: Int32) -> Int? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return Int(String(decoding: buffer[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
