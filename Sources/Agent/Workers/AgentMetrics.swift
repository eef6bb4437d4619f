import Store
import Synchronization
import Workflow

/// Counters the agent keeps for `GET /metrics`.
///
/// Three locks, so the trigger driver's fire path, the callback deliveries and the workers and routes do not
/// contend with one another; each update is a few integer additions under its lock.
public final class AgentMetrics: Sendable {
    private struct Counts {
        var finished: [ExecutionStatus: Int] = [:]
        var started = 0
        var requests: [Int: Int] = [:]
    }

    private struct Fires {
        var lateness = LatenessHistogram()
        var caughtUp = 0
    }

    /// What a recorded callback attempt led to, as `/metrics` labels it.
    public enum CallbackOutcome: String, CaseIterable, Hashable, Sendable {
        /// A 2xx answer: delivered.
        case delivered
        /// A failure that will be tried again (network error, 5xx, 408, 429).
        case retrying
        /// A failure that stops delivery (410, other 4xx, 3xx, a refused address, or the retry window has passed).
        case abandoned

        /// The label of a stored `DeliveryOutcome`.
        public init(_ outcome: DeliveryOutcome) {
            switch outcome {
            case .delivered: self = .delivered
            case .retry: self = .retrying
            case .abandoned: self = .abandoned
            }
        }
    }

    /// Why due callbacks waited although a delivery slot was free, as `/metrics` labels it.
    public enum CallbackDeferral: String, CaseIterable, Hashable, Sendable {
        /// Their receiver had its limit of attempts in flight (or one probe, after a back-off).
        case receiverLimit = "receiver_limit"
        /// Their receiver was backing off.
        case receiverBackoff = "receiver_backoff"
    }

    private struct Receivers {
        var backingOff = 0
        var deferred: [CallbackDeferral: Int] = [:]
    }

    private let counts = Mutex(Counts())
    private let fires = Mutex(Fires())
    private let callbacks = Mutex([CallbackOutcome: Int]())
    private let warnings = Mutex([String: Int]())
    private let connectionLimiter = Mutex<ConnectionLimiter?>(nil)
    private let receivers = Mutex(Receivers())

    public init() {}

    /// An execution began running.
    public func executionStarted() { counts.withLock { $0.started += 1 } }

    /// An execution reached `status`.
    public func executionFinished(_ status: ExecutionStatus) {
        counts.withLock { $0.finished[status, default: 0] += 1 }
    }

    /// An API response was sent with `status`.
    public func responded(_ status: Int) { counts.withLock { $0.requests[status, default: 0] += 1 } }

    /// A schedule decision's fires were committed at `committedMillis` (wall time): an on-time decision adds its
    /// lateness to the histogram; a caught-up one (`timing.caughtUp`) is only counted.
    public func firesCommitted(_ timing: FireTiming, atMillis committedMillis: Int64) {
        fires.withLock { fires in
            if timing.caughtUp {
                fires.caughtUp += 1
            } else {
                fires.lateness.observe(millis: committedMillis - timing.deadlineMillis)
            }
        }
    }

    /// A callback attempt was recorded with `outcome`.
    public func callbackAttempted(_ outcome: DeliveryOutcome) {
        callbacks.withLock { $0[CallbackOutcome(outcome), default: 0] += 1 }
    }

    /// A workflow was written (created or updated) with a warning of `code` (`member.unknown`, …).
    public func workflowWarned(code: String) { warnings.withLock { $0[code, default: 0] += 1 } }

    /// Warnings workflows were written with since start, by code.
    public var workflowWarnings: [String: Int] { warnings.withLock { $0 } }
    /// Shows `limiter`'s connection counts on `/metrics`.
    public func observeConnections(_ limiter: ConnectionLimiter) { connectionLimiter.withLock { $0 = limiter } }
    /// The HTTP server's connection counts, when it runs.
    public var connections: ConnectionLimiter.Counts? { connectionLimiter.withLock { $0 }?.counts }
    /// `count` due callbacks waited for `reason`.
    public func callbacksDeferred(_ count: Int, reason: CallbackDeferral) {
        guard count > 0 else { return }
        receivers.withLock { $0.deferred[reason, default: 0] += count }
    }

    /// `count` callback receivers are backing off (or being probed after a back-off) now.
    public func callbackReceiversBackingOff(_ count: Int) { receivers.withLock { $0.backingOff = count } }

    /// Executions finished since start, by status.
    public var finished: [ExecutionStatus: Int] { counts.withLock { $0.finished } }
    /// Executions started since start.
    public var started: Int { counts.withLock { $0.started } }
    /// API responses since start, by status code.
    public var responses: [Int: Int] { counts.withLock { $0.requests } }
    /// The lateness of on-time schedule decisions since start.
    public var fireLateness: LatenessHistogram { fires.withLock { $0.lateness } }
    /// Schedule decisions since start that caught up fires missed (later than the trigger's misfire threshold).
    public var caughtUpDecisions: Int { fires.withLock { $0.caughtUp } }
    /// Callback attempts recorded since start, by outcome.
    public var callbackAttempts: [CallbackOutcome: Int] { callbacks.withLock { $0 } }
    /// Callback receivers backing off or being probed, as the dispatcher last reported.
    public var callbackReceiversBackingOff: Int { receivers.withLock { $0.backingOff } }
    /// Due callbacks that waited for their receiver since start, by reason.
    public var callbacksDeferred: [CallbackDeferral: Int] { receivers.withLock { $0.deferred } }
}
