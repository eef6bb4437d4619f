import Agent
import Foundation
import Testing

/// The per-receiver state machine, stepped synchronously on made-up milliseconds.
@Suite("Callback receivers")
struct CallbackReceiversTests {
    static let hook = "http://hooks.example:80"

    func receivers(concurrency: Int = 4) -> CallbackReceivers {
        CallbackReceivers(
            settings: CallbackReceivers.Settings(
                concurrency: concurrency, failuresBeforeBackoff: 3, firstBackoff: .seconds(5), maxBackoff: .seconds(60)))
    }

    @Test("a receiver takes its limit in flight, and a slot frees when it answers")
    func limitInFlight() {
        var receivers = receivers(concurrency: 2)
        #expect(receivers.admit(Self.hook, nowMillis: 0) == .start)
        #expect(receivers.admit(Self.hook, nowMillis: 0) == .start)
        #expect(receivers.admit(Self.hook, nowMillis: 0) == .atLimit)
        #expect(receivers.admit("http://other.example:80", nowMillis: 0) == .start)
        #expect(receivers.blocked(nowMillis: 0) == [Self.hook])
        #expect(receivers.responded(Self.hook, .answered, nowMillis: 1) == nil)
        #expect(receivers.blocked(nowMillis: 1).isEmpty)
        #expect(receivers.admit(Self.hook, nowMillis: 1) == .start)
        _ = receivers.responded(Self.hook, .answered, nowMillis: 2)
        _ = receivers.responded(Self.hook, .answered, nowMillis: 2)
        _ = receivers.responded("http://other.example:80", .notSent, nowMillis: 2)
        // Healthy and idle receivers are forgotten, so the state stays as small as the receivers in trouble.
        #expect(receivers.states.isEmpty)
    }

    @Test("three failures in a row back off; a probe after it recovers or backs off twice as long")
    func backoffAndProbe() {
        var receivers = receivers()
        for _ in 0..<4 { #expect(receivers.admit(Self.hook, nowMillis: 0) == .start) }
        #expect(receivers.responded(Self.hook, .failed(reason: "timed out"), nowMillis: 1000) == nil)
        #expect(receivers.responded(Self.hook, .failed(reason: "timed out"), nowMillis: 1000) == nil)
        #expect(
            receivers.responded(Self.hook, .failed(reason: "timed out"), nowMillis: 1000)
                == .backingOff(receiver: Self.hook, untilMillis: 6000, failures: 3, reason: "timed out"))
        // The fourth, sent before the back-off, fails during it: no second round.
        #expect(receivers.responded(Self.hook, .failed(reason: "timed out"), nowMillis: 1001) == nil)
        #expect(receivers.admit(Self.hook, nowMillis: 5999) == .backingOff(untilMillis: 6000))
        #expect(receivers.blocked(nowMillis: 5999) == [Self.hook])
        #expect(receivers.nextBackoffEnd(after: 1001) == 6000)
        #expect(receivers.backingOffCount == 1)
        // After it, one probe at a time.
        #expect(receivers.admit(Self.hook, nowMillis: 6000) == .start)
        #expect(receivers.admit(Self.hook, nowMillis: 6000) == .atLimit)
        #expect(
            receivers.responded(Self.hook, .failed(reason: "answered 503"), nowMillis: 6100)
                == .backingOff(receiver: Self.hook, untilMillis: 16_100, failures: 5, reason: "answered 503"))
        #expect(receivers.admit(Self.hook, nowMillis: 16_100) == .start)
        #expect(receivers.responded(Self.hook, .answered, nowMillis: 16_200) == .recovered(receiver: Self.hook, failures: 5))
        #expect(receivers.backingOffCount == 0)
        for _ in 0..<4 { #expect(receivers.admit(Self.hook, nowMillis: 16_200) == .start) }
        #expect(receivers.admit(Self.hook, nowMillis: 16_200) == .atLimit)
    }

    @Test("an answer between failures resets the count")
    func answerResetsFailures() {
        var receivers = receivers(concurrency: 1)
        for health in [CallbackReceivers.Health.failed(reason: "x"), .failed(reason: "x"), .answered] {
            _ = receivers.admit(Self.hook, nowMillis: 0)
            #expect(receivers.responded(Self.hook, health, nowMillis: 0) == nil)
        }
        _ = receivers.admit(Self.hook, nowMillis: 0)
        #expect(receivers.responded(Self.hook, .failed(reason: "x"), nowMillis: 0) == nil)
        #expect(receivers.backingOffCount == 0)
    }

    @Test("429 backs off at once until Retry-After, at most the longest back-off; without one it is a failure")
    func throttled() {
        var receivers = receivers()
        for _ in 0..<3 { _ = receivers.admit(Self.hook, nowMillis: 0) }
        #expect(
            receivers.responded(Self.hook, .throttled(untilMillis: 30_000, reason: "answered 429"), nowMillis: 10)
                == .backingOff(receiver: Self.hook, untilMillis: 30_000, failures: 1, reason: "answered 429"))
        // A later answer of the same burst asking for longer holds it longer, without a new round.
        #expect(receivers.responded(Self.hook, .throttled(untilMillis: 900_000, reason: "429"), nowMillis: 20) == nil)
        #expect(receivers.admit(Self.hook, nowMillis: 30_000) == .backingOff(untilMillis: 60_020))
        var other = self.receivers()
        _ = other.admit(Self.hook, nowMillis: 0)
        #expect(other.responded(Self.hook, .throttled(untilMillis: nil, reason: "429"), nowMillis: 0) == nil)
        #expect(other.backingOffCount == 0)
    }

    @Test("the back-off doubles each round up to the longest")
    func backoffDoubles() {
        let receivers = receivers()
        #expect((1...6).map { receivers.backoff(afterRound: $0) } == [5, 10, 20, 40, 60, 60].map { .seconds($0) })
    }

    @Test(arguments: [
        (CallbackAttemptResult.response(status: 200, retryAfter: nil), CallbackReceivers.Health.answered),
        (.response(status: 404, retryAfter: nil), .answered),
        (.response(status: 302, retryAfter: nil), .answered),
        (.response(status: 503, retryAfter: nil), .failed(reason: "boom")),
        (.response(status: 408, retryAfter: nil), .failed(reason: "boom")),
        (.response(status: 429, retryAfter: Date(timeIntervalSince1970: 2)), .throttled(untilMillis: 2000, reason: "boom")),
        (.failed(code: "http.timeout"), .failed(reason: "boom")),
        (.failed(code: "http.blocked"), .notSent),
        (.failed(code: "http.url"), .notSent),
    ])
    func healthOfAResult(result: CallbackAttemptResult, health: CallbackReceivers.Health) {
        #expect(CallbackReceivers.health(of: result, error: "boom", nowMillis: 0) == health)
    }
}
