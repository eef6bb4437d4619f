import SundialTesting
import Scheduler
import Testing

@Suite("RateLimiter")
struct RateLimiterTests {
    @Test(
        "intervals in the API's duration form",
        arguments: [
            ("3600s", 3_600_000 as Int64), ("1s", 1_000), ("0.5s", 500), ("1.250s", 1_250), ("90.001s", 90_001),
        ]
    )
    func parsesIntervals(text: String, millis: Int64) throws {
        #expect(try RateLimit.parseInterval(text) == millis)
        #expect(try RateLimit(count: 3, interval: text).intervalMillis == millis)
    }

    @Test(
        "bad intervals are rejected with what would be accepted",
        arguments: ["3600", "1h", "s", "-5s", "0s", "1.s", "0.0001s", "1e3s", " 5s", "1.2.3s"])
    func rejectsIntervals(text: String) {
        #expect {
            try RateLimit.parseInterval(text)
        } throws: { error in
            let error = error as! RateLimitError
            return error.code == "rate_limit.interval" && error.value == text && error.message.contains("'3600s'")
        }
    }

    @Test("a count below one is rejected")
    func rejectsCount() {
        #expect(throws: RateLimitError.self) { try RateLimit(count: 0, interval: "60s") }
    }

    @Test("intervals print back in the API's form")
    func printsInterval() throws {
        #expect(try RateLimit(count: 1, intervalMillis: 3_600_000).interval == "3600s")
        #expect(try RateLimit(count: 1, intervalMillis: 1_250).interval == "1.25s")
        #expect(try RateLimit(count: 1, intervalMillis: 5).interval == "0.005s")
    }

    @Test("the window slides: any interval-long window holds at most count fires")
    func slidingWindow() throws {
        var limiter = RateLimiter(limit: try RateLimit(count: 2, intervalMillis: 1_000))
        // 999 is refused because 0 and 900 both lie in (−1, 999]; at 1000, 0 has left the window (0, 1000].
        let decisions = [0, 900, 999, 1_000, 1_899, 1_900].map { limiter.admit(at: $0) }
        #expect(decisions == [true, true, false, true, false, true])
        #expect(limiter.nextAdmission(after: 1_901) == 2_000)
        #expect(limiter.admittedTimes == [1_000, 1_900])
    }

    @Test("rebuilt from stored fire times, it decides as the original would")
    func rebuild() throws {
        let limit = try RateLimit(count: 3, intervalMillis: 60_000)
        let rebuilt = RateLimiter(limit: limit, admitted: [50_000, 10_000, 30_000, 20_000])
        #expect(rebuilt.admittedTimes == [20_000, 30_000, 50_000])
        #expect(!rebuilt.wouldAdmit(at: 79_999))
        #expect(rebuilt.wouldAdmit(at: 80_000))
    }

    /// The reference model: every admitted timestamp, counted over the window at each fire.
    @Test("random fires match a list of timestamps", arguments: [31 as UInt64, 32, 33])
    func matchesModel(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        for _ in 0..<10 {
            let limit = try RateLimit(
                count: Int(random.next() % 12) + 1, intervalMillis: Int64(random.next() % 5_000) + 1)
            var limiter = RateLimiter(limit: limit)
            var timestamps: [Int64] = []
            var now: Int64 = Int64(random.next() % 1_000_000)
            var accepted = 0
            for step in 0..<10_000 {
                now += Int64(random.next() % UInt64(2 * limit.intervalMillis / Int64(limit.count) + 2))
                let inWindow = timestamps.reversed().prefix { $0 > now - limit.intervalMillis }.count
                let expected = inWindow < limit.count
                let admitted = limiter.admit(at: now)
                #expect(admitted == expected)
                if expected {
                    timestamps.append(now)
                    accepted += 1
                }
                if step % 997 == 0 {
                    // A restart: rebuild from the stored times and carry on with the rebuilt limiter.
                    limiter = RateLimiter(limit: limit, admitted: timestamps)
                }
            }
            #expect(accepted > 0 && accepted < 10_000)
        }
    }
}
