import Scheduler
import Testing

@Suite("Stable jitter")
struct StableJitterTests {
    @Test("FNV-1a matches the published test vectors")
    func fnvVectors() {
        #expect(StableJitter.fnv1a("") == 0xcbf2_9ce4_8422_2325)
        #expect(StableJitter.fnv1a("a") == 0xaf63_dc4c_8601_ec8c)
        #expect(StableJitter.fnv1a("foobar") == 0x8594_4171_f739_67e8)
    }

    @Test("the same trigger always gets the same offset, within the jitter")
    func stable() {
        let offset = StableJitter.offset(for: "nightly-backup", maxMillis: 60_000)
        #expect(offset == StableJitter.offset(for: "nightly-backup", maxMillis: 60_000))
        #expect((0...60_000).contains(offset))
        #expect(StableJitter.offset(for: "nightly-backup", maxMillis: 0) == 0)
    }

    @Test("a fleet on the same schedule spreads over the jitter window")
    func spreads() {
        let offsets = (0..<1_000).map { StableJitter.offset(for: "trigger-\($0)", maxMillis: 59_999) }
        #expect(Set(offsets).count > 980)
        // Ten buckets of six seconds: each should hold roughly a tenth of the fleet.
        let buckets = Dictionary(grouping: offsets) { $0 / 6_000 }.mapValues(\.count)
        #expect(buckets.count == 10)
        #expect(buckets.values.allSatisfy { (60...140).contains($0) })
    }

    @Test("the planner arms each fire at its due time plus the trigger's offset")
    func plannerAppliesOffset() {
        let recurrence = EverySeconds(start: 1_700_000_000, period: 3_600)
        let policy = TriggerPolicy(jitterMillis: 300_000)
        var planner = TriggerPlanner(
            triggerID: "fleet-42", recurrence: recurrence, policy: policy,
            handledThrough: 1_700_000_000_000)
        let offset = planner.jitterOffsetMillis
        #expect(offset == StableJitter.offset(for: "fleet-42", maxMillis: 300_000))
        let due: Int64 = 1_700_003_600_000
        #expect(planner.nextFire(now: 1_700_000_000_000) == ArmedFire(due: due, fireAt: due + offset))
        #expect(planner.plan(now: due + offset - 1, running: 0, waiting: 0, published: true).fires.isEmpty)
        let plan = planner.plan(now: due + offset, running: 0, waiting: 0, published: true)
        #expect(plan.fires == [PlannedFire(due: due, action: .start)])
        #expect(plan.next == ArmedFire(due: due + 3_600_000, fireAt: due + 3_600_000 + offset))
    }
}
