import RRule
import Scheduler
import Testing

/// Table tests of catch-up, overlap, rate limit and publication on a trigger firing every minute.
@Suite("TriggerPlanner")
struct TriggerPlannerTests {
    static let t0: Int64 = 1_700_000_000
    static let minutely = EverySeconds(start: t0, period: 60)

    static func ms(_ secondsAfterT0: Int64) -> Int64 { (t0 + secondsAfterT0) * 1000 }

    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let policy: TriggerPolicy
        var now: Int64 = TriggerPlannerTests.ms(300) + 500
        var running = 0
        var waiting = 0
        var published = true
        let expected: [FireAction]

        var testDescription: String { name }
    }

    static let downtimeCases: [Case] = [
        Case(
            name: "catch-up skip runs only the on-time fire", policy: .init(catchUp: .skip),
            expected: [.skip(.missed), .skip(.missed), .skip(.missed), .skip(.missed), .start]),
        Case(
            name: "catch-up once coalesces into the on-time fire", policy: .init(catchUp: .once),
            expected: [.skip(.coalesced), .skip(.coalesced), .skip(.coalesced), .skip(.coalesced), .start]),
        Case(
            name: "catch-up once with no on-time fire runs the latest missed",
            policy: .init(catchUp: .once, misfireThresholdMillis: 5_000), now: ms(330),
            expected: [.skip(.coalesced), .skip(.coalesced), .skip(.coalesced), .skip(.coalesced), .start]),
        Case(
            name: "catch-up all with overlap allowed runs every fire",
            policy: .init(catchUp: .all, overlap: .overlapAllowed),
            expected: [.start, .start, .start, .start, .start]),
        Case(
            name: "catch-up all under exclusive run starts one", policy: .init(catchUp: .all),
            expected: [.start, .skip(.overlap), .skip(.overlap), .skip(.overlap), .skip(.overlap)]),
        Case(
            name: "catch-up all under buffer one starts one and buffers one",
            policy: .init(catchUp: .all, overlap: .bufferOne),
            expected: [.start, .wait, .skip(.overlap), .skip(.overlap), .skip(.overlap)]),
        Case(
            name: "catch-up all under cancel previous starts only the latest",
            policy: .init(catchUp: .all, overlap: .cancelPrevious), running: 1,
            expected: [.skip(.overlap), .skip(.overlap), .skip(.overlap), .skip(.overlap), .startCancellingRunning]),
        Case(
            name: "fires older than the catch-up window are skipped",
            policy: .init(
                catchUp: .all, catchUpWindowMillis: 150_000, misfireThresholdMillis: 5_000,
                overlap: .overlapAllowed),
            now: ms(330),
            expected: [.skip(.outsideCatchUpWindow), .skip(.outsideCatchUpWindow), .start, .start, .start]),
        Case(
            name: "catch-up once ignores fires outside the window",
            policy: .init(catchUp: .once, catchUpWindowMillis: 100_000, misfireThresholdMillis: 5_000), now: ms(330),
            expected: [
                .skip(.outsideCatchUpWindow), .skip(.outsideCatchUpWindow), .skip(.outsideCatchUpWindow),
                .skip(.coalesced), .start,
            ]),
        Case(
            name: "the rate limit admits count fires per interval",
            policy: .init(
                catchUp: .all, overlap: .overlapAllowed, rateLimit: try! RateLimit(count: 2, interval: "3600s")),
            expected: [.start, .start, .skip(.rateLimited), .skip(.rateLimited), .skip(.rateLimited)]),
        Case(
            name: "an unpublished workflow starts nothing", policy: .init(catchUp: .all), published: false,
            expected: Array(repeating: .skip(.unpublished), count: 5)),
    ]

    @Test("after five minutes down", arguments: downtimeCases)
    func downtime(_ test: Case) {
        var planner = TriggerPlanner(
            triggerID: "t", recurrence: Self.minutely, policy: test.policy,
            handledThrough: Self.ms(0))
        let plan = planner.plan(now: test.now, running: test.running, waiting: test.waiting, published: test.published)
        #expect(plan.fires.map(\.due) == [60, 120, 180, 240, 300].map(Self.ms))
        #expect(plan.fires.map(\.action) == test.expected)
        #expect(plan.next == ArmedFire(due: Self.ms(360), fireAt: Self.ms(360)))
        #expect(planner.handledThrough == Self.ms(300))
        // Planning again at the same time finds nothing new.
        #expect(planner.plan(now: test.now, running: 0, waiting: 0, published: true).fires.isEmpty)
    }

    static let overlapCases: [Case] = [
        Case(name: "exclusive run skips while one runs", policy: .init(), running: 1, expected: [.skip(.overlap)]),
        Case(name: "exclusive run starts when idle", policy: .init(), expected: [.start]),
        Case(
            name: "overlap allowed starts alongside", policy: .init(overlap: .overlapAllowed), running: 3,
            expected: [.start]),
        Case(
            name: "buffer one waits behind the running one", policy: .init(overlap: .bufferOne), running: 1,
            expected: [.wait]),
        Case(
            name: "buffer one skips when one already waits", policy: .init(overlap: .bufferOne), running: 1,
            waiting: 1, expected: [.skip(.overlap)]),
        Case(
            name: "cancel previous cancels the running one", policy: .init(overlap: .cancelPrevious), running: 2,
            expected: [.startCancellingRunning]),
        Case(
            name: "cancel previous just starts when idle", policy: .init(overlap: .cancelPrevious),
            expected: [.start]),
    ]

    @Test("one on-time fire", arguments: overlapCases)
    func onTime(_ test: Case) {
        var planner = TriggerPlanner(
            triggerID: "t", recurrence: Self.minutely, policy: test.policy,
            handledThrough: Self.ms(0))
        let plan = planner.plan(now: Self.ms(60) + 3, running: test.running, waiting: test.waiting, published: true)
        #expect(plan.fires == zip([Self.ms(60)], test.expected).map { PlannedFire(due: $0, action: $1) })
    }

    @Test("a fire the overlap behavior skips consumes no rate-limit budget")
    func overlapBeforeRateLimit() throws {
        let policy = TriggerPolicy(catchUp: .all, rateLimit: try RateLimit(count: 1, interval: "3600s"))
        var planner = TriggerPlanner(
            triggerID: "t", recurrence: Self.minutely, policy: policy,
            handledThrough: Self.ms(0))
        _ = planner.plan(now: Self.ms(300), running: 1, waiting: 0, published: true)
        #expect(planner.rateLimiter?.admittedTimes == [])
        let plan = planner.plan(now: Self.ms(360), running: 0, waiting: 0, published: true)
        #expect(plan.fires.map(\.action) == [.start])
        #expect(
            planner.plan(now: Self.ms(420), running: 0, waiting: 0, published: true).fires.map(\.action)
                == [.skip(.rateLimited)])
    }

    @Test("a restart rebuilds the rate limiter from stored fire times")
    func restartKeepsRateLimit() throws {
        let policy = TriggerPolicy(overlap: .overlapAllowed, rateLimit: try RateLimit(count: 1, interval: "120s"))
        var planner = TriggerPlanner(
            triggerID: "t", recurrence: Self.minutely, policy: policy,
            handledThrough: Self.ms(0), admittedFires: [Self.ms(0)])
        #expect(
            planner.plan(now: Self.ms(60), running: 0, waiting: 0, published: true).fires.map(\.action)
                == [.skip(.rateLimited)])
        #expect(
            planner.plan(now: Self.ms(120), running: 0, waiting: 0, published: true).fires.map(\.action)
                == [.start])
    }

    @Test("event triggers pass publication, overlap and rate limit, without catch-up")
    func eventTrigger() throws {
        let policy = TriggerPolicy(overlap: .bufferOne, rateLimit: try RateLimit(count: 2, interval: "60s"))
        var planner = TriggerPlanner(triggerID: "hook", recurrence: nil, policy: policy, handledThrough: 0)
        #expect(planner.planEvent(now: 1_000, running: 0, waiting: 0, published: false) == .skip(.unpublished))
        #expect(planner.planEvent(now: 1_000, running: 0, waiting: 0, published: true) == .start)
        #expect(planner.planEvent(now: 2_000, running: 1, waiting: 0, published: true) == .wait)
        #expect(planner.planEvent(now: 3_000, running: 0, waiting: 0, published: true) == .skip(.rateLimited))
        #expect(planner.planEvent(now: 61_000, running: 0, waiting: 0, published: true) == .start)
        #expect(planner.nextFire(now: 61_000) == nil)
        #expect(planner.plan(now: 61_000, running: 0, waiting: 0, published: true).fires.isEmpty)
    }

    @Test("an ended recurrence arms nothing more")
    func endedRecurrence() {
        let recurrence = EverySeconds(start: Self.t0, period: 60, end: Self.t0 + 120)
        var planner = TriggerPlanner(triggerID: "t", recurrence: recurrence, handledThrough: Self.ms(0))
        #expect(planner.nextFire(now: Self.ms(0)) == ArmedFire(due: Self.ms(60), fireAt: Self.ms(60)))
        // The fire at +60 s is just past the misfire threshold, so the two coalesce into one run.
        let plan = planner.plan(now: Self.ms(120) + 1, running: 0, waiting: 0, published: true)
        #expect(plan.fires.map(\.action) == [.skip(.coalesced), .start])
        #expect(plan.next == nil)
    }
}
