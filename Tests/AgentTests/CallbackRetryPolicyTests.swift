import Foundation
import Store
import Testing

@testable import Agent

@Suite("Callback retry policy")
struct CallbackRetryPolicyTests {
    let policy = CallbackRetryPolicy()
    let created = Date(timeIntervalSince1970: 1_750_000_000)

    func outcome(_ result: CallbackAttemptResult, attempt: Int = 1, after seconds: Double = 0, jitter: Double = 1)
        -> DeliveryOutcome
    {
        policy.outcome(
            of: result, attempt: attempt, createdAt: created, now: created.addingTimeInterval(seconds), jitter: jitter
        ).outcome
    }

    static let statuses: [(Int, String)] = [
        (200, "delivered"), (204, "delivered"), (299, "delivered"),
        (408, "retry"), (429, "retry"), (500, "retry"), (502, "retry"), (503, "retry"), (599, "retry"),
        (410, "abandoned"), (400, "abandoned"), (401, "abandoned"), (404, "abandoned"), (422, "abandoned"),
        (301, "abandoned"), (302, "abandoned"), (307, "abandoned"), (308, "abandoned"), (100, "abandoned"),
    ]

    @Test(arguments: statuses)
    func statusDecidesWhatFollows(status: Int, expected: String) {
        let result = outcome(.response(status: status, retryAfter: nil))
        let kind =
            switch result {
            case .delivered: "delivered"
            case .retry: "retry"
            case .abandoned: "abandoned"
            }
        #expect(kind == expected, "\(status)")
    }

    @Test(arguments: [
        ("http.dns", true), ("http.timeout", true), ("http.transport", true), ("http.blocked", false),
        ("http.url", false),
    ])
    func networkErrorsAreRetriedRefusalsAreNot(code: String, retried: Bool) {
        if case .retry = outcome(.failed(code: code)) {
            #expect(retried)
        } else {
            #expect(!retried)
        }
    }

    @Test func backoffDoublesUpToTheCapWithJitterInItsUpperHalf() {
        #expect(policy.backoff(afterAttempt: 1, jitter: 1) == .seconds(5))
        #expect(policy.backoff(afterAttempt: 1, jitter: 0) == .milliseconds(2500))
        #expect(policy.backoff(afterAttempt: 2, jitter: 1) == .seconds(10))
        #expect(policy.backoff(afterAttempt: 4, jitter: 0.5) == .seconds(30))
        #expect(policy.backoff(afterAttempt: 11, jitter: 1) == .seconds(3600))
        #expect(policy.backoff(afterAttempt: 500, jitter: 1) == .seconds(3600))
        #expect(
            outcome(.response(status: 500, retryAfter: nil), attempt: 3, after: 100, jitter: 1)
                == .retry(at: created.addingTimeInterval(120)))
    }

    @Test func retryAfterWinsOverTheBackoff() {
        let later = created.addingTimeInterval(600)
        #expect(outcome(.response(status: 429, retryAfter: later)) == .retry(at: later))
        #expect(outcome(.response(status: 503, retryAfter: later)) == .retry(at: later))
        // A Retry-After in the past or of 0 still waits the minimum delay.
        #expect(
            outcome(.response(status: 429, retryAfter: created.addingTimeInterval(-5)))
                == .retry(at: created.addingTimeInterval(1)))
    }

    @Test func deliveryIsGivenUpThreeDaysAfterQueueing() {
        let threeDays = 3.0 * 86400
        // The last retry is clamped to the end of the window, and a failure there abandons.
        #expect(
            outcome(.response(status: 500, retryAfter: nil), attempt: 40, after: threeDays - 60)
                == .retry(at: created.addingTimeInterval(threeDays)))
        let (last, note) = policy.outcome(
            of: .response(status: 500, retryAfter: nil), attempt: 41, createdAt: created,
            now: created.addingTimeInterval(threeDays), jitter: 1)
        #expect(last == .abandoned)
        #expect(note == "gave up: not delivered within 3 days of being queued")
        // A Retry-After past the window is not waited for.
        let beyond = created.addingTimeInterval(threeDays + 1)
        #expect(outcome(.response(status: 429, retryAfter: beyond), after: 10) == .abandoned)
        // A success still counts at any time.
        #expect(outcome(.response(status: 200, retryAfter: nil), after: threeDays * 2) == .delivered)
    }

    static let retryAfterValues: [(String, Double?)] = [
        ("120", 120), (" 0 ", 0), ("Wed, 21 Oct 2015 07:28:00 GMT", 1_445_412_480),
        ("Wednesday, 21-Oct-15 07:28:00 GMT", 1_445_412_480), ("Wed Oct 21 07:28:00 2015", 1_445_412_480),
        ("-5", nil), ("soon", nil), ("", nil), ("1.5", nil),
    ]

    @Test(arguments: retryAfterValues)
    func retryAfterHeaderForms(value: String, expected: Double?) {
        let now = Date(timeIntervalSince1970: 1_000_000)
        let date = RetryAfter.date(from: value, now: now)
        guard let expected else {
            #expect(date == nil)
            return
        }
        let seconds = expected > 1_000_000 ? expected : 1_000_000 + expected
        #expect(date == Date(timeIntervalSince1970: seconds))
    }
}
