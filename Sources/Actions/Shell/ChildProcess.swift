import Foundation
import Subprocess

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
#if canImport(System)
    import System
#else
    import SystemPackage
#endif

/// Runs one program directly — an argument vector handed to the kernel, never a shell string — and collects
/// its output, for the shell, systemd and plugin actions.
///
/// The child starts in a session (and so a process group) of its own. On timeout or task cancellation the
/// whole group gets `SIGTERM`, then `SIGKILL` once `terminationGrace` has passed, so a program's own children
/// (`sh -c 'sleep 100 & wait'`) die with it. Standard output and standard error are read concurrently; each keeps
/// at most `maxOutputBytes` and the rest is read and discarded so the child never blocks on a full pipe.
public struct ChildProcess: Sendable {
    /// What to run and how.
    public struct Request: Sendable {
        /// A path (contains `/`) or a name looked up in the child's `PATH`.
        public var executable: String
        public var arguments: [String] = []
        /// The child's complete environment (see `baseEnvironment(from:)` for the usual starting point).
        public var environment: [String: String] = [:]
        public var workingDirectory: String? = nil
        public var standardInput: [UInt8] = []
        public var timeout: Duration? = nil
        /// The cap for each of standard output and standard error.
        public var maxOutputBytes: Int = 1 << 20
        /// How long a child has between `SIGTERM` and `SIGKILL`.
        public var terminationGrace: Duration = .seconds(5)

        /// A request to run `executable` with `arguments`, an empty environment and no timeout.
        public init(executable: String, arguments: [String] = []) {
            self.executable = executable
            self.arguments = arguments
        }
    }

    /// How the child ended and what it printed.
    public struct Outcome: Sendable, Hashable {
        public enum Termination: Sendable, Hashable {
            case exited(Int32)
            case signalled(Int32)
        }

        public var termination: Termination
        public var standardOutput: [UInt8]
        public var standardError: [UInt8]
        public var standardOutputTruncated: Bool
        public var standardErrorTruncated: Bool
        /// Whether the child was stopped because `timeout` passed.
        public var timedOut: Bool

        /// The exit status, or 128 + the signal number as a shell reports a signalled child.
        public var exitCode: Int32 {
            switch termination {
            case .exited(let code): code
            case .signalled(let signal): 128 + signal
            }
        }
    }

    /// The program could not be started (not found, not executable, bad working directory).
    public struct LaunchError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// The variables a child inherits from the agent: `PATH`, `HOME` and `LANG` only, so that the agent's own
    /// secrets in its environment do not leak into every command. `PATH` falls back to the usual system path.
    public static func baseEnvironment(from parent: [String: String]) -> [String: String] {
        var environment = ["PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]
        for name in ["PATH", "HOME", "LANG"] {
            if let value = parent[name] { environment[name] = value }
        }
        return environment
    }

    /// The agent's own environment.
    public static func currentEnvironment() -> [String: String] {
        ProcessInfo.processInfo.environment
    }

    /// Writing to a pipe whose reader has gone raises `SIGPIPE`, which would end the agent; with it ignored the
    /// write fails with `EPIPE` instead, which the stdin writer tolerates (a child need not read its input).
    private static let brokenPipeSignalIgnored: Bool = {
        signal(SIGPIPE, SIG_IGN)
        return true
    }()

    /// Runs the request to completion.
    /// - Throws: `LaunchError` when the program cannot start; `CancellationError` when the task was cancelled
    ///   (after the child's process group has been terminated).
    public static func run(_ request: Request) async throws -> Outcome {
        _ = brokenPipeSignalIgnored
        try Task.checkCancellation()
        var options = PlatformOptions()
        options.createSession = true
        options.teardownSequence = teardown(grace: request.terminationGrace)
        var environment: [Environment.Key: String] = [:]
        for (name, value) in request.environment {
            if let key = Environment.Key(rawValue: name) { environment[key] = value }
        }
        let executable: Executable =
            request.executable.contains("/") ? .path(FilePath(request.executable)) : .name(request.executable)
        var result: ExecutionResult<Captured, SequenceOutput, SequenceOutput>?
        // `ETXTBSY`: a program written just now can be briefly unexecutable while another thread's fork still
        // holds the writer's descriptor (until that child execs); a few short retries ride it out.
        var busyRetries = 0
        while result == nil {
            do {
                result = try await Subprocess.run(
                    executable, arguments: Arguments(request.arguments), environment: .custom(environment),
                    workingDirectory: request.workingDirectory.map { FilePath($0) }, platformOptions: options,
                    input: .inputWriter, output: .sequence, error: .sequence
                ) { execution in
                    try await capture(execution, request)
                }
            } catch let error as SubprocessError {
                try Task.checkCancellation()
                if error.underlyingError == .textFileBusy, busyRetries < 5 {
                    busyRetries += 1
                    try await Task.sleep(for: .milliseconds(10 << busyRetries))
                    continue
                }
                throw LaunchError(description: launchMessage(error, request))
            }
        }
        guard let result else { throw CancellationError() }
        try Task.checkCancellation()
        let captured = result.closureResult
        let termination: Outcome.Termination =
            switch result.terminationStatus {
            case .exited(let code): .exited(code)
            case .signaled(let signal): .signalled(signal)
            }
        return Outcome(
            termination: termination, standardOutput: captured.output.bytes, standardError: captured.error.bytes,
            standardOutputTruncated: captured.output.truncated, standardErrorTruncated: captured.error.truncated,
            timedOut: captured.timedOut)
    }

    private static func teardown(grace: Duration) -> [TeardownStep] {
        [.gracefulShutDown(toProcessGroup: true, allowedDurationToNextStep: grace)]
    }

    private static func launchMessage(_ error: SubprocessError, _ request: Request) -> String {
        switch error.code {
        case .executableNotFound:
            "program '\(request.executable)' was not found or is not executable"
                + (request.executable.contains("/") ? "" : " (searched PATH=\(request.environment["PATH"] ?? ""))")
        case .failedToChangeWorkingDirectory:
            "cannot change to working directory '\(request.workingDirectory ?? "")'"
        default:
            "cannot run '\(request.executable)': \(error)"
        }
    }

    /// Bytes kept from one stream, and whether more were discarded.
    struct Stream: Sendable {
        var bytes: [UInt8] = []
        var truncated = false
    }

    struct Captured: Sendable {
        var output = Stream()
        var error = Stream()
        var timedOut = false
    }

    private enum Event: Sendable {
        case output(Stream), error(Stream), inputWritten, timedOut, terminated
    }

    private static func capture(
        _ execution: Execution<CustomWriteInput, SequenceOutput, SequenceOutput>, _ request: Request
    ) async throws -> Captured {
        try await withThrowingTaskGroup(of: Event.self) { group in
            group.addTask { .output(try await collect(execution.standardOutput, limit: request.maxOutputBytes)) }
            group.addTask { .error(try await collect(execution.standardError, limit: request.maxOutputBytes)) }
            group.addTask {
                let writer = execution.standardInputWriter
                // A child that exits without reading its input is not an error: ignore EPIPE here.
                if !request.standardInput.isEmpty { _ = try? await writer.write(request.standardInput) }
                try? await writer.finish()
                return .inputWritten
            }
            if let timeout = request.timeout {
                group.addTask {
                    try await Task.sleep(for: timeout)
                    return .timedOut
                }
            }
            var captured = Captured()
            var pending = 3
            while pending > 0, let event = try await group.next() {
                switch event {
                case .output(let stream): captured.output = stream; pending -= 1
                case .error(let stream): captured.error = stream; pending -= 1
                case .inputWritten, .terminated: pending -= 1
                case .timedOut:
                    captured.timedOut = true
                    pending += 1
                    group.addTask {
                        await execution.teardown(using: teardown(grace: request.terminationGrace))
                        // The leader has exited but is not yet reaped, so its group id cannot have been reused:
                        // sweep any member of the group that outlived it.
                        _ = kill(-execution.processIdentifier.value, SIGKILL)
                        return .terminated
                    }
                }
            }
            group.cancelAll()
            return captured
        }
    }

    private static func collect(_ sequence: SubprocessOutputSequence, limit: Int) async throws -> Stream {
        var stream = Stream()
        for try await buffer in sequence {
            buffer.withUnsafeBytes { raw in
                let room = max(limit - stream.bytes.count, 0)
                if raw.count <= room {
                    stream.bytes.append(contentsOf: raw)
                } else {
                    stream.bytes.append(contentsOf: raw.prefix(room))
                    stream.truncated = true
                }
            }
        }
        return stream
    }
}
