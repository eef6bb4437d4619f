import Foundation
import Store

/// When a callback is tried again: exponential backoff with jitter on network errors, 5xx, 408 and 429 (a
/// `Retry-After` wins over the backoff), until `giveUpAfter` has passed since the callback was queued.
///
/// 2xx is delivered. 410 stops (the receiver wants no more). Every other status — other 4xx, and every 3xx, since
/// redirects are not followed — is recorded and not retried, nor is a refused address or an unusable URL.
/// A pure value: the dispatcher supplies the time and the random jitter.
public struct CallbackRetryPolicy: Hashable, Sendable {
    /// The backoff before the second attempt; each later one doubles it.
    public var firstDelay: Duration
    /// The longest backoff between two attempts.
    public var maxDelay: Duration
    /// How long after the callback was queued delivery is given up.
    public var giveUpAfter: Duration
    /// The shortest wait, even when `Retry-After` says 0 or a past date.
    public var minimumDelay: Duration

    public init(
        firstDelay: Duration = .seconds(5), maxDelay: Duration = .seconds(3600),
        giveUpAfter: Duration = .seconds(3 * 24 * 3600), minimumDelay: Duration = .seconds(1)
    ) {
        self.firstDelay = firstDelay
        self.maxDelay = maxDelay
        self.giveUpAfter = giveUpAfter
        self.minimumDelay = minimumDelay
    }

    /// What follows attempt number `attempt` with `result`, and a note on why when delivery stops.
    /// - Parameters:
    ///   - createdAt: when the callback was queued (the start of the `giveUpAfter` window).
    ///   - jitter: a random number in `0..<1`; the backoff is scaled into its upper half by it.
    public func outcome(
        of result: CallbackAttemptResult, attempt: Int, createdAt: Date, now: Date, jitter: Double
    ) -> (outcome: DeliveryOutcome, note: String?) {
        var retryAfter: Date?
        switch result {
        case .response(let status, _) where (200..<300).contains(status):
            return (.delivered, nil)
        case .response(410, _):
            return (.abandoned, "not retried: the receiver wants no more deliveries")
        case .response(let status, let after) where status == 408 || status == 429 || (500..<600).contains(status):
            retryAfter = after
        case .response(let status, _) where (300..<400).contains(status):
            return (.abandoned, "not retried: redirects are not followed")
        case .response:
            return (.abandoned, "not retried: the receiver refused the callback")
        case .failed(let code) where code == "http.blocked" || code == "http.url":
            return (.abandoned, "not retried")
        case .failed:
            break
        }
        let deadline = createdAt.addingTimeInterval(Self.seconds(giveUpAfter))
        let window = Self.describe(giveUpAfter)
        guard now < deadline else {
            return (.abandoned, "gave up: not delivered within \(window) of being queued")
        }
        let earliest = now.addingTimeInterval(Self.seconds(minimumDelay))
        if let retryAfter {
            let next = max(retryAfter, earliest)
            guard next <= deadline else {
                return (
                    .abandoned, "gave up: Retry-After asks for a time past \(window) from when the callback was queued"
                )
            }
            return (.retry(at: next), nil)
        }
        let delay = backoff(afterAttempt: attempt, jitter: jitter)
        return (.retry(at: min(max(now.addingTimeInterval(Self.seconds(delay)), earliest), deadline)), nil)
    }

    /// The wait after attempt `attempt` (1 for the first): `firstDelay × 2^(attempt−1)`, at most `maxDelay`, scaled
    /// by `0.5 + jitter / 2` so that receivers recovering at once are not hit by every retry together.
    public func backoff(afterAttempt attempt: Int, jitter: Double) -> Duration {
        let doublings = Double(min(max(attempt - 1, 0), 62))
        let full = min(Self.seconds(firstDelay) * pow(2, doublings), Self.seconds(maxDelay))
        let scaled = full * (0.5 + min(max(jitter, 0), 1) / 2)
        return .milliseconds(Int64((scaled * 1000).rounded()))
    }

    static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    /// `3 days`, `2 hours`, `90 seconds`.
    static func describe(_ duration: Duration) -> String {
        let seconds = Int(Self.seconds(duration))
        for (unit, name) in [(86400, "day"), (3600, "hour"), (60, "minute")]
        where seconds >= unit && seconds % unit == 0 {
            let count = seconds / unit
            return "\(count) \(name)\(count == 1 ? "" : "s")"
        }
        return "\(seconds) seconds"
    }
}
