import RRule
import Scheduler
import Testing

/// The planner on the 2025 daylight-saving days of America/New_York, with a rule at a local wall time.
@Suite("TriggerPlanner across DST")
struct TriggerPlannerDSTTests {
    static func utc(_ month: Int, _ day: Int, _ hour: Int, _ minute: Int = 0) -> Int64 {
        CivilDateTime(year: 2025, month: month, day: day, hour: hour, minute: minute).secondsSinceLocalEpoch * 1000
    }

    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let hour: Int
        let minute: Int
        let dst: DSTPolicy
        let catchUp: CatchUpPolicy
        let handledThrough: Int64
        let now: Int64
        let dues: [Int64]
        let actions: [FireAction]

        var testDescription: String { name }
    }

    static let cases: [Case] = [
        // 2025-03-09: 02:00 EST jumps to 03:00 EDT, so 02:30 does not exist.
        Case(
            name: "spring gap, shifted to 03:30 EDT", hour: 2, minute: 30, dst: DSTPolicy(gap: .shift),
            catchUp: .all, handledThrough: utc(3, 8, 12), now: utc(3, 10, 12),
            dues: [utc(3, 9, 7, 30), utc(3, 10, 6, 30)], actions: [.start, .start]),
        Case(
            name: "spring gap, skipped", hour: 2, minute: 30, dst: DSTPolicy(gap: .skip),
            catchUp: .all, handledThrough: utc(3, 8, 12), now: utc(3, 10, 12),
            dues: [utc(3, 10, 6, 30)], actions: [.start]),
        Case(
            name: "spring gap, catch-up once", hour: 2, minute: 30, dst: .rfc5545,
            catchUp: .once, handledThrough: utc(3, 8, 12), now: utc(3, 10, 12),
            dues: [utc(3, 9, 7, 30), utc(3, 10, 6, 30)], actions: [.skip(.coalesced), .start]),
        Case(
            name: "spring gap, catch-up skip", hour: 2, minute: 30, dst: .rfc5545,
            catchUp: .skip, handledThrough: utc(3, 8, 12), now: utc(3, 10, 12),
            dues: [utc(3, 9, 7, 30), utc(3, 10, 6, 30)], actions: [.skip(.missed), .skip(.missed)]),
        // 2025-11-02: 02:00 EDT falls back to 01:00 EST, so 01:30 happens twice.
        Case(
            name: "fall overlap, first", hour: 1, minute: 30, dst: DSTPolicy(overlap: .first),
            catchUp: .all, handledThrough: utc(11, 1, 12), now: utc(11, 3, 0),
            dues: [utc(11, 2, 5, 30)], actions: [.start]),
        Case(
            name: "fall overlap, last", hour: 1, minute: 30, dst: DSTPolicy(overlap: .last),
            catchUp: .all, handledThrough: utc(11, 1, 12), now: utc(11, 3, 0),
            dues: [utc(11, 2, 6, 30)], actions: [.start]),
        Case(
            name: "fall overlap, both", hour: 1, minute: 30, dst: DSTPolicy(overlap: .both),
            catchUp: .all, handledThrough: utc(11, 1, 12), now: utc(11, 3, 0),
            dues: [utc(11, 2, 5, 30), utc(11, 2, 6, 30)], actions: [.start, .start]),
        Case(
            name: "fall overlap, both, catch-up once", hour: 1, minute: 30, dst: DSTPolicy(overlap: .both),
            catchUp: .once, handledThrough: utc(11, 1, 12), now: utc(11, 3, 0),
            dues: [utc(11, 2, 5, 30), utc(11, 2, 6, 30)], actions: [.skip(.coalesced), .start]),
        Case(
            name: "fall overlap, both, on time", hour: 1, minute: 30, dst: DSTPolicy(overlap: .both),
            catchUp: .skip, handledThrough: utc(11, 2, 5, 30), now: utc(11, 2, 6, 30) + 250,
            dues: [utc(11, 2, 6, 30)], actions: [.start]),
    ]

    @Test("a daily wall-time rule on a DST day", arguments: cases)
    func dstDay(_ test: Case) throws {
        let zone = try Zone(identifier: "America/New_York")
        let rule = DailyAt(zone: zone, hour: test.hour, minute: test.minute, policy: test.dst)
        let policy = TriggerPolicy(catchUp: test.catchUp, overlap: .overlapAllowed)
        var planner = TriggerPlanner(
            triggerID: "dst", recurrence: rule, policy: policy,
            handledThrough: test.handledThrough)
        let plan = planner.plan(now: test.now, running: 0, waiting: 0, published: true)
        #expect(plan.fires.map(\.due) == test.dues)
        #expect(plan.fires.map(\.action) == test.actions)
    }

    @Test("the same table through a real RRULE and a real cron expression", arguments: cases)
    func dstDayWithRealRecurrences(_ test: Case) throws {
        let zone = try Zone(identifier: "America/New_York")
        let rrule = try RecurrenceSet(
            parsing: "DTSTART;TZID=America/New_York:20250101T\(pad(test.hour))\(pad(test.minute))00\nRRULE:FREQ=DAILY",
            dstPolicy: test.dst)
        let cron = try CronExpression(parsing: "\(test.minute) \(test.hour) * * *", zone: zone, dstPolicy: test.dst)
        let recurrences: [any Recurrence] = [rrule, cron]
        for recurrence in recurrences {
            var planner = TriggerPlanner(
                triggerID: "dst", recurrence: recurrence,
                policy: TriggerPolicy(catchUp: test.catchUp, overlap: .overlapAllowed),
                handledThrough: test.handledThrough)
            let plan = planner.plan(now: test.now, running: 0, waiting: 0, published: true)
            #expect(plan.fires.map(\.due) == test.dues, "\(type(of: recurrence))")
            #expect(plan.fires.map(\.action) == test.actions, "\(type(of: recurrence))")
        }
    }

    private func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    @Test("the timer is armed for the shifted instant of a gap day")
    func armsShiftedInstant() throws {
        let zone = try Zone(identifier: "America/New_York")
        let rule = DailyAt(zone: zone, hour: 2, minute: 30, policy: .rfc5545)
        let planner = TriggerPlanner(triggerID: "dst", recurrence: rule, handledThrough: Self.utc(3, 8, 12))
        #expect(planner.nextFire(now: Self.utc(3, 8, 12))?.due == Self.utc(3, 9, 7, 30))
    }
}
