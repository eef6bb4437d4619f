import Foundation

/// The per-receiver side of callback delivery: how many attempts each receiver (scheme, host and port) has in
/// flight, how often it failed in a row, and until when it is backing off.
///
/// A pure value: the dispatcher asks `admit` before it sends, reports each response with `responded`, and acts on
/// the transitions it returns (a log line, the `/metrics` gauge, moving the receiver's due rows past its back-off).
/// Times are milliseconds of the dispatcher's wall clock.
///
/// - A receiver has at most `settings.concurrency` attempts in flight; a callback beyond that waits for a slot.
/// - After `settings.failuresBeforeBackoff` consecutive failures (no response, 408 or 5xx) the receiver backs off:
///   nothing is sent to it for `backoff(afterRound:)` (the first back-off, doubled on each further round up to the
///   longest). A 429 backs it off at once until its `Retry-After` (at most the longest back-off); without one it
///   counts as a failure.
/// - When the back-off has passed, one attempt at a time probes the receiver. A response that is not a failure
///   ends the back-off (`recovered`); a failure starts the next, longer round.
public struct CallbackReceivers: Hashable, Sendable {
    /// The limits every receiver gets.
    public struct Settings: Hashable, Sendable {
        /// Attempts in flight to one receiver.
        public var concurrency: Int
        /// Consecutive failures that start a back-off.
        public var failuresBeforeBackoff: Int
        /// The first back-off; each further round doubles it.
        public var firstBackoff: Duration
        /// The longest back-off, also the most a `Retry-After` holds a receiver back.
        public var maxBackoff: Duration

        public init(
            concurrency: Int = 4, failuresBeforeBackoff: Int = 3, firstBackoff: Duration = .seconds(5),
            maxBackoff: Duration = .seconds(300)
        ) {
            self.concurrency = max(1, concurrency)
            self.failuresBeforeBackoff = max(1, failuresBeforeBackoff)
            self.firstBackoff = max(.milliseconds(1), firstBackoff)
            self.maxBackoff = max(self.firstBackoff, maxBackoff)
        }
    }

    /// One receiver's state.
    public struct State: Hashable, Sendable {
        /// Attempts sent and not answered yet.
        public var inFlight = 0
        /// Failures since the last response that was not one.
        public var consecutiveFailures = 0
        /// Back-off rounds since the receiver was last healthy; 0 when it is not backing off.
        public var rounds = 0
        /// Nothing is sent before this time (milliseconds); nil when not backing off.
        public var backoffUntilMillis: Int64?
        /// Why the current back-off started.
        public var reason: String?

        /// Whether the receiver is backing off or probing (not recovered since its last back-off).
        public var isBackingOff: Bool { rounds > 0 }
    }

    /// Whether an attempt may be sent now.
    public enum Admission: Hashable, Sendable {
        /// Sent: counted in flight until `responded`.
        case start
        /// The receiver has its limit in flight (1 while it is being probed after a back-off).
        case atLimit
        /// The receiver is backing off until this time.
        case backingOff(untilMillis: Int64)
    }

    /// What an attempt's result says about its receiver.
    public enum Health: Hashable, Sendable {
        /// It answered (2xx, 3xx, a 4xx other than 408 and 429).
        case answered
        /// No response, 408 or 5xx.
        case failed(reason: String)
        /// 429: it asks for no more until `untilMillis` (its `Retry-After`), or says nothing of when.
        case throttled(untilMillis: Int64?, reason: String)
        /// Nothing was sent to it (a refused address, an unusable URL).
        case notSent
    }

    /// A change an operator should see.
    public enum Transition: Hashable, Sendable {
        /// The receiver backs off until `untilMillis`, after `failures` consecutive failures, for `reason`.
        case backingOff(receiver: String, untilMillis: Int64, failures: Int, reason: String)
        /// The receiver answered again after backing off `failures` consecutive failures.
        case recovered(receiver: String, failures: Int)
    }

    public let settings: Settings
    /// Receivers with something in flight, failures or a back-off; a healthy idle one is forgotten.
    public private(set) var states: [String: State] = [:]

    public init(settings: Settings = Settings()) {
        self.settings = settings
    }

    /// Whether an attempt to `receiver` may start at `nowMillis`; when it may, it is counted in flight.
    public mutating func admit(_ receiver: String, nowMillis: Int64) -> Admission {
        var state = states[receiver, default: State()]
        if let until = state.backoffUntilMillis, nowMillis < until { return .backingOff(untilMillis: until) }
        guard state.inFlight < limit(state) else { return .atLimit }
        state.inFlight += 1
        states[receiver] = state
        return .start
    }

    /// Records the response (or its absence) of an attempt `admit` started, at `nowMillis`.
    public mutating func responded(_ receiver: String, _ health: Health, nowMillis: Int64) -> Transition? {
        var state = states[receiver, default: State()]
        state.inFlight = max(0, state.inFlight - 1)
        defer { store(state, for: receiver) }
        switch health {
        case .notSent:
            return nil
        case .answered:
            let failures = state.consecutiveFailures
            let wasBackingOff = state.isBackingOff
            state.consecutiveFailures = 0
            state.rounds = 0
            state.backoffUntilMillis = nil
            state.reason = nil
            return wasBackingOff ? .recovered(receiver: receiver, failures: failures) : nil
        case .throttled(let until?, let reason):
            state.consecutiveFailures += 1
            let asked = min(max(until, nowMillis + 1), nowMillis + Self.millis(settings.maxBackoff))
            if let current = state.backoffUntilMillis, nowMillis < current {
                // Already held (by an earlier answer of the same burst): hold it as long as the latest asks.
                state.backoffUntilMillis = max(current, asked)
                return nil
            }
            return backOff(&state, receiver, untilMillis: asked, reason: reason)
        case .throttled(nil, let reason), .failed(let reason):
            state.consecutiveFailures += 1
            // An attempt started before the back-off that fails during it adds nothing: the receiver is already held.
            if let until = state.backoffUntilMillis, nowMillis < until { return nil }
            guard state.isBackingOff || state.consecutiveFailures >= settings.failuresBeforeBackoff else { return nil }
            let until = nowMillis + Self.millis(backoff(afterRound: state.rounds + 1))
            return backOff(&state, receiver, untilMillis: until, reason: reason)
        }
    }

    /// The receivers an attempt cannot start to at `nowMillis` (at their limit or backing off): the due query
    /// leaves their rows out.
    public func blocked(nowMillis: Int64) -> Set<String> {
        Set(
            states.compactMap { receiver, state in
                if let until = state.backoffUntilMillis, nowMillis < until { return receiver }
                return state.inFlight >= limit(state) ? receiver : nil
            })
    }

    /// The earliest end of a back-off after `nowMillis`, when the blocked set shrinks without a response.
    public func nextBackoffEnd(after nowMillis: Int64) -> Int64? {
        states.values.compactMap(\.backoffUntilMillis).filter { $0 > nowMillis }.min()
    }

    /// How many receivers are backing off or being probed (not recovered since their last back-off).
    public var backingOffCount: Int { states.values.count(where: \.isBackingOff) }

    /// The back-off of round `round` (1 for the first): `firstBackoff × 2^(round−1)`, at most `maxBackoff`.
    public func backoff(afterRound round: Int) -> Duration {
        let first = Self.millis(settings.firstBackoff)
        let doublings = min(max(round - 1, 0), 40)
        return .milliseconds(min(first << Int64(doublings), Self.millis(settings.maxBackoff)))
    }

    /// What `result` says about its receiver; `error` is the attempt's description of it.
    public static func health(of result: CallbackAttemptResult, error: String?, nowMillis: Int64) -> Health {
        switch result {
        case .response(429, let retryAfter):
            let until = retryAfter.map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) }
            return .throttled(untilMillis: until, reason: error ?? "answered 429")
        case .response(let status, _) where status == 408 || (500..<600).contains(status):
            return .failed(reason: error ?? "answered \(status)")
        case .response:
            return .answered
        case .failed(let code) where code == "http.blocked" || code == "http.url":
            return .notSent
        case .failed(let code):
            return .failed(reason: error ?? code)
        }
    }

    /// One at a time while probing after a back-off, else the setting.
    private func limit(_ state: State) -> Int {
        state.isBackingOff ? 1 : settings.concurrency
    }

    private func backOff(_ state: inout State, _ receiver: String, untilMillis: Int64, reason: String) -> Transition {
        state.rounds += 1
        state.backoffUntilMillis = untilMillis
        state.reason = reason
        return .backingOff(
            receiver: receiver, untilMillis: untilMillis, failures: state.consecutiveFailures, reason: reason)
    }

    private mutating func store(_ state: State, for receiver: String) {
        if state == State() {
            states[receiver] = nil
        } else {
            states[receiver] = state
        }
    }

    static func millis(_ duration: Duration) -> Int64 {
        let parts = duration.components
        return parts.seconds * 1000 + parts.attoseconds / 1_000_000_000_000_000
    }
}
