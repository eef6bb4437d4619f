import Foundation

/// A callback waiting in the outbox: the execution's final state, to be posted to its callback URL.
public struct CallbackEntry: Hashable, Sendable {
    public var id: Int64
    public var executionID: String
    public var url: String
    /// Who receives it (`CallbackReceiver.key(of: url)`): the scheme, host and port that delivery limits.
    public var receiver: String
    /// The JSON body to post (the execution's final state).
    public var payload: String
    public var createdAt: Date
    /// When the next attempt is due.
    public var nextAttemptAt: Date
    /// Attempts made so far.
    public var attempts: Int
    public var deliveredAt: Date?
    /// Set when delivery was given up.
    public var abandonedAt: Date?
    public var lastError: String?

    public init(
        id: Int64, executionID: String, url: String, payload: String, createdAt: Date, nextAttemptAt: Date,
        attempts: Int = 0, deliveredAt: Date? = nil, abandonedAt: Date? = nil, lastError: String? = nil,
        receiver: String? = nil
    ) {
        self.id = id
        self.executionID = executionID
        self.url = url
        self.receiver = receiver ?? CallbackReceiver.key(of: url)
        self.payload = payload
        self.createdAt = createdAt
        self.nextAttemptAt = nextAttemptAt
        self.attempts = attempts
        self.deliveredAt = deliveredAt
        self.abandonedAt = abandonedAt
        self.lastError = lastError
    }
}

/// One attempt to deliver a callback.
public struct DeliveryAttempt: Hashable, Sendable {
    /// 1 for the first attempt.
    public var number: Int
    public var at: Date
    /// The HTTP status, when a response came back.
    public var statusCode: Int?
    /// Why it failed (network error, 5xx, refused address…).
    public var error: String?
    public var duration: Duration

    public init(number: Int, at: Date, statusCode: Int? = nil, error: String? = nil, duration: Duration) {
        self.number = number
        self.at = at
        self.statusCode = statusCode
        self.error = error
        self.duration = duration
    }
}

/// What to do with a callback after an attempt.
public enum DeliveryOutcome: Hashable, Sendable {
    case delivered
    case retry(at: Date)
    case abandoned
}
