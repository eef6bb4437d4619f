import Logging
import NIOCore
import Synchronization

/// The cap on open HTTP connections, shared by every connection's `ConnectionGuardHandler`.
///
/// Like nginx when its connections run out, a new connection at the cap closes the connection that has been idle
/// longest (waiting for its first or next request); only when every open connection has a request in progress is
/// the new one refused (answered 503). What it does is counted (`/metrics`) and logged, at most one line per kind
/// every 10 seconds with the count since the last line, so a flood cannot flood the log.
public final class ConnectionLimiter: Sendable {
    /// What happened to a new connection.
    enum Admission: Sendable {
        /// It may be served; `id` names it in later calls.
        case admitted(id: UInt64)
        /// Every connection is busy: answer 503 and close.
        case refused
    }

    /// Counters for `/metrics`, since the agent started.
    public struct Counts: Hashable, Sendable {
        /// Connections open now.
        public var open = 0
        /// The cap.
        public var max = 0
        /// Connections accepted and served.
        public var accepted = 0
        /// Connections answered 503 because every open one was busy.
        public var refused = 0
        /// Idle connections closed to make room for a new one.
        public var evicted = 0
        /// Connections closed for taking too long, by phase: `head`, `body`, `idle`.
        public var timedOut: [String: Int] = [:]
    }

    private struct Entry {
        let channel: any Channel
        /// When it became idle (ns), `nil` while a request is in progress.
        var idleSince: Int64?
    }

    private struct State {
        var entries: [UInt64: Entry] = [:]
        var nextID: UInt64 = 0
        var counts = Counts()
        /// Per log line kind: when it was last written (ns) and the events since.
        var logged: [String: (at: Int64, pending: Int)] = [:]
    }

    /// The most connections open at once.
    public let maxConnections: Int
    let logger: Logger
    private let state: Mutex<State>
    /// Nanoseconds between two log lines of one kind.
    static let logInterval: Int64 = 10_000_000_000

    public init(maxConnections: Int, logger: Logger) {
        self.maxConnections = maxConnections
        self.logger = logger
        var initial = State()
        initial.counts.max = maxConnections
        state = Mutex(initial)
    }

    /// Counters for `/metrics`.
    public var counts: Counts { state.withLock { $0.counts } }

    /// Admits `channel`, opened at `now` (idle until its first head), closing the longest-idle connection when at
    /// the cap; refuses it when every open connection is busy.
    func admit(_ channel: any Channel, at now: Int64) -> Admission {
        let (admission, evicted, line) = state.withLock {
            state -> (Admission, (any Channel)?, (String, Int)?) in
            var evicted: (any Channel)?
            if state.entries.count >= maxConnections {
                guard
                    let oldest = state.entries.filter({ $0.value.idleSince != nil })
                        .min(by: { $0.value.idleSince! < $1.value.idleSince! })
                else {
                    state.counts.refused += 1
                    return (.refused, nil, Self.due(&state, "refused", at: now))
                }
                evicted = state.entries.removeValue(forKey: oldest.key)?.channel
                state.counts.evicted += 1
            }
            let id = state.nextID
            state.nextID += 1
            state.entries[id] = Entry(channel: channel, idleSince: now)
            state.counts.accepted += 1
            state.counts.open = state.entries.count
            return (.admitted(id: id), evicted, evicted == nil ? nil : Self.due(&state, "evicted", at: now))
        }
        evicted?.close(promise: nil)
        if let (kind, count) = line {
            if kind == "refused" {
                logger.warning(
                    "refused connections with 503: every connection is busy (limits.maxConnections)",
                    metadata: ["http.connections.max": "\(maxConnections)", "http.connections.refused": "\(count)"])
            } else {
                logger.info(
                    "closed idle connections to admit new ones at the connection cap (limits.maxConnections)",
                    metadata: ["http.connections.max": "\(maxConnections)", "http.connections.closed": "\(count)"])
            }
        }
        return admission
    }

    /// The connection began a request (`idle` false) or ended its last one (`idle` true) at `now`.
    func setIdle(_ id: UInt64, _ idle: Bool, at now: Int64) {
        state.withLock { state in
            guard state.entries[id] != nil else { return }
            if idle {
                if state.entries[id]!.idleSince == nil { state.entries[id]!.idleSince = now }
            } else {
                state.entries[id]!.idleSince = nil
            }
        }
    }

    /// The connection closed (a connection the limiter evicted is already forgotten).
    func closed(_ id: UInt64) {
        state.withLock { state in
            state.entries[id] = nil
            state.counts.open = state.entries.count
        }
    }

    /// A connection was closed at `now` for taking too long in `reason`'s phase.
    func timedOut(_ reason: ConnectionDeadlines.Reason, at now: Int64) {
        let line = state.withLock { state -> (String, Int)? in
            state.counts.timedOut[reason.rawValue, default: 0] += 1
            return reason == .idle ? nil : Self.due(&state, "timeout.\(reason.rawValue)", at: now)
        }
        if let (_, count) = line {
            let setting = reason == .head ? "limits.headTimeoutSeconds" : "limits.bodyReadTimeoutSeconds"
            logger.notice(
                "closed connections that sent their request too slowly (\(setting))",
                metadata: ["http.timeout": "\(reason.rawValue)", "http.connections.closed": "\(count)"])
        }
        if reason == .idle { logger.debug("closed an idle keep-alive connection (limits.idleTimeoutSeconds)") }
    }

    /// Counts one event of `kind`; returns the count to log when its last line is older than the interval.
    private static func due(_ state: inout State, _ kind: String, at now: Int64) -> (String, Int)? {
        var entry = state.logged[kind] ?? (at: Int64.min, pending: 0)
        entry.pending += 1
        defer { state.logged[kind] = entry }
        guard entry.at == .min || now - entry.at >= logInterval else { return nil }
        let count = entry.pending
        entry = (now, 0)
        return (kind, count)
    }
}
