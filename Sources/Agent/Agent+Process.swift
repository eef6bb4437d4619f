import Logging
import UnixSignals

#if canImport(Glibc)
    import Glibc
#endif

/// What the agent does about the process it runs in: its open-file limit, its connection cap, and a backstop that
/// ends it should a shutdown hang.
extension Agent {
    /// Descriptors kept free of HTTP connections for the database, callbacks, plugins and shell steps; a configured
    /// `limits.maxConnections` closer than this to the open-file limit is warned about.
    static let reservedDescriptors = 128

    /// Logs the open-file limit the agent runs with (raised to the hard limit at start).
    func logFileLimit(_ limit: FileLimit) {
        var metadata: Logger.Metadata = ["nofile.soft": "\(limit.soft)", "nofile.hard": "\(limit.hard)"]
        if let before = limit.raisedFrom { metadata["nofile.raised_from"] = "\(before)" }
        if let failure = limit.failure {
            metadata["error"] = "\(failure)"
            logger.warning("could not raise the open-file limit (RLIMIT_NOFILE) to its hard limit", metadata: metadata)
        } else {
            logger.notice("open-file limit (RLIMIT_NOFILE)", metadata: metadata)
        }
    }

    /// The connection cap for the current open-file limit, warning when a configured one leaves too few descriptors.
    func connectionLimiter() -> ConnectionLimiter {
        let files = FileLimit.current().soft
        let cap = configuration.limits.connectionCap(fileLimit: files)
        if files != .max, cap > files - Self.reservedDescriptors {
            logger.warning(
                "limits.maxConnections leaves few descriptors for the database and steps; lower it or raise the limit",
                metadata: ["http.connections.max": "\(cap)", "nofile.soft": "\(files)"])
        }
        return ConnectionLimiter(maxConnections: cap, logger: logger)
    }

    /// After SIGTERM or SIGINT the service group has `grace` seconds, then cancels what still runs; should that
    /// cancellation hang too, this ends the process 10 seconds later, saying so. Returns when its task is cancelled.
    static func exitIfShutdownStalls(grace: Int, logger: Logger) async {
        let signals = await UnixSignalsSequence(trapping: .sigterm, .sigint)
        for await signal in signals {
            try? await Task.sleep(for: .seconds(grace + 10))
            if Task.isCancelled { return }
            logger.critical(
                "the agent did not stop within its shutdown grace period; exiting",
                metadata: ["signal": "\(signal)", "shutdown.grace_seconds": "\(grace)"])
            exit(1)
        }
    }
}
