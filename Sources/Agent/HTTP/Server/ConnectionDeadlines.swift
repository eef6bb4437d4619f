/// The deadlines of one HTTP/1 connection, as a pure state machine over request and response parts and instants
/// (nanoseconds on a monotonic clock): a new connection has `head` to send its first request head, a request
/// body may go `bodyRead` without a part arriving, and a keep-alive connection may wait `idle` for its next
/// request. While the agent works on a request (its body read, its response not yet ended) nothing times out.
///
/// The handler tells it what was read and written and when its timer fires; it answers the instant the timer
/// should fire next, or that the connection is to be closed and why.
struct ConnectionDeadlines: Sendable {
    /// Why a connection was closed for taking too long.
    enum Reason: String, Hashable, Sendable {
        /// No request head within `headTimeoutSeconds` of the connection opening.
        case head
        /// No body bytes for `bodyReadTimeoutSeconds` while a request body was being read.
        case body
        /// No new request within `idleTimeoutSeconds` of the last response.
        case idle
    }

    /// The timeouts, in nanoseconds.
    struct Timeouts: Hashable, Sendable {
        var head: Int64
        var bodyRead: Int64
        var idle: Int64

        init(head: Int64, bodyRead: Int64, idle: Int64) {
            self.head = head
            self.bodyRead = bodyRead
            self.idle = idle
        }

        /// The limits' seconds in nanoseconds.
        init(_ limits: AgentLimits) {
            func nanos(_ seconds: Double) -> Int64 { Int64((seconds * 1e9).rounded()) }
            self.init(
                head: nanos(limits.headTimeoutSeconds), bodyRead: nanos(limits.bodyReadTimeoutSeconds),
                idle: nanos(limits.idleTimeoutSeconds))
        }
    }

    /// What the timer found.
    enum Expiry: Hashable, Sendable {
        /// Close the connection.
        case close(Reason)
        /// Not yet: fire again at this instant.
        case rearm(at: Int64)
        /// Nothing is timed now (a request is being answered).
        case none
    }

    let timeouts: Timeouts
    /// Requests whose head was read and whose response has not ended.
    private(set) var inFlight = 0
    /// Whether a request's body is still being read.
    private(set) var readingBody = false
    /// Whether a request has been read on this connection (a wait for a head after one is the keep-alive idle).
    private var servedOne = false
    /// When the current deadline runs out, and why; `nil` while a request is being answered.
    private(set) var deadline: (at: Int64, reason: Reason)?

    /// A connection that opened at `now`: it has `timeouts.head` to send its first head.
    init(timeouts: Timeouts, openedAt now: Int64) {
        self.timeouts = timeouts
        deadline = (now + timeouts.head, .head)
    }

    /// Whether no request is in progress: the connection waits for a head (its first or the next).
    var isIdle: Bool { inFlight == 0 }

    /// A request head arrived at `now`: its body is read next.
    mutating func headRead(at now: Int64) {
        inFlight += 1
        servedOne = true
        readingBody = true
        deadline = (now + timeouts.bodyRead, .body)
    }

    /// Body bytes arrived at `now`.
    mutating func bodyRead(at now: Int64) {
        guard readingBody else { return }
        deadline = (now + timeouts.bodyRead, .body)
    }

    /// The request's end arrived: the agent answers it, untimed.
    mutating func endRead() {
        readingBody = false
        deadline = nil
    }

    /// A response ended at `now`: with no request left in flight the connection is idle until its next head.
    mutating func responseEnded(at now: Int64) {
        inFlight = max(0, inFlight - 1)
        // A response sent before its request was read (an early refusal) leaves the body deadline running.
        guard inFlight == 0, !readingBody else { return }
        deadline = (now + (servedOne ? timeouts.idle : timeouts.head), servedOne ? .idle : .head)
    }

    /// The timer fired at `now`.
    func expired(at now: Int64) -> Expiry {
        guard let deadline else { return .none }
        return now >= deadline.at ? .close(deadline.reason) : .rearm(at: deadline.at)
    }
}
