import Scheduler

/// Fire lateness under load: many triggers on minute schedules, armed in a `TimerWheel` and driven by the
/// real clock the way the agent drives them, each fire planned by its `TriggerPlanner` and re-armed.
struct LatenessRun {
    let triggers: Int
    let durationSeconds: Int

    struct Figures {
        /// Lateness of each fire in nanoseconds (decision time − due time), sorted.
        var lateness: [Int64]
        var wakeUps: Int
    }

    func run() async throws -> Figures {
        let clock = SystemWallClock()
        var random = SplitMix64(seed: 7)
        let start = clock.nowMillis
        let end = start + Int64(durationSeconds) * 1000
        var wheel = TimerWheel<UInt32>(startingAt: start)
        wheel.reserveCapacity(triggers)
        var planners: [TriggerPlanner] = []
        planners.reserveCapacity(triggers)
        for index in 0..<triggers {
            let schedule = MinuteSchedule(second: Int64(random.next() % 60))
            let planner = TriggerPlanner(triggerID: "bench-\(index)", recurrence: schedule, handledThrough: start)
            if let next = planner.nextFire(now: start) {
                _ = wheel.schedule(at: next.fireAt, value: UInt32(index))
            }
            planners.append(planner)
        }

        var lateness: [Int64] = []
        lateness.reserveCapacity(triggers * (durationSeconds / 60 + 2))
        var expired: [ExpiredTimer<UInt32>] = []
        var wakeUps = 0
        var nextProgress = start + 10_000
        while let deadline = wheel.nextDeadline, deadline < end {
            try await clock.sleep(untilMillis: deadline)
            wakeUps += 1
            let now = clock.nowMillis
            expired.removeAll(keepingCapacity: true)
            wheel.advance(to: now, into: &expired)
            for timer in expired {
                let index = Int(timer.value)
                let plan = planners[index].plan(now: now, running: 0, waiting: 0, published: true)
                if let next = plan.next {
                    _ = wheel.schedule(at: next.fireAt, value: timer.value)
                }
                let decided = SystemWallClock.nowNanos
                for fire in plan.fires where fire.action.startsRun {
                    lateness.append(decided - fire.due * 1_000_000)
                }
            }
            if now >= nextProgress {
                let sorted = lateness.sorted()
                let p99 = sorted.isEmpty ? 0 : Double(BenchSupport.percentile(sorted, 99)) / 1e6
                BenchSupport.say(
                    "lateness: \((now - start) / 1000)/\(durationSeconds) s, "
                        + "\(BenchSupport.grouped(lateness.count)) fires, p99 so far \(BenchSupport.fixed(p99, 3)) ms"
                )
                nextProgress += 10_000
            }
        }
        try await clock.sleep(untilMillis: end)
        return Figures(lateness: lateness.sorted(), wakeUps: wakeUps)
    }
}
