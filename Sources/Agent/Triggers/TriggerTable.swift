import Foundation
import Scheduler
import Store
import Synchronization
import Workflow

#if canImport(Glibc)
    import Glibc
#endif

/// The trigger core's state: each trigger's planner, one timing wheel holding every armed schedule trigger, the
/// runs the triggers started, and the driver's sleep. A value the core keeps under one lock; its methods decide
/// and return what the core must write or do, and do no I/O.
///
/// The wheel ticks in milliseconds of wall time (tick = `WallClock.nowMillis`): deadlines are exact to the
/// millisecond a jittered fire is due, and a burst of timers due in the same or nearby milliseconds is expired in
/// one `advance(to:)` after one wake-up.
struct TriggerTable: Sendable {
    struct Entry: Sendable {
        var setup: TriggerSetup
        var planner: TriggerPlanner
        /// The wheel payload naming this entry (schedule triggers).
        var slot: UInt32?
        var timer: TimerHandle?
    }

    /// The driver's side of the table.
    struct Driver: Sendable {
        /// `.some(deadline)` while the driver sleeps (`.some(nil)`: no timer armed); `nil` while it works.
        var sleepingUntil: Int64?? = nil
        var stopping = false
        /// Fire batches being written.
        var inFlight = 0
        /// Callers of `TriggerCore.waitUntilIdle()`.
        var idleWaiters: [CheckedContinuation<Void, Never>] = []
    }

    var entries: [TriggerKey: Entry] = [:]
    var wheel: TimerWheel<UInt32>
    /// The trigger each wheel payload names; freed payloads are reused.
    var slots: [TriggerKey?] = []
    var freeSlots: [UInt32] = []
    var runs = TriggerRuns()
    var driver = Driver()
    /// Whether the stored triggers are being armed (`TriggerCore.armStoredTriggers()`), and who waits for it.
    var arming = Arming.notStarted
    var armingWaiters: [CheckedContinuation<Void, Never>] = []

    enum Arming: Sendable {
        case notStarted, inProgress, done
    }

    init(now: Int64) {
        wheel = TimerWheel(startingAt: max(0, now))
    }

    /// Schedule triggers armed in the wheel.
    var armedCount: Int { wheel.count }

    // MARK: Entries

    /// Installs (or replaces) a trigger's planner; a schedule trigger is armed for its first fire after the
    /// planner's `handledThrough` (in the past after a downtime: it then fires at the next advance, as catch-up).
    /// - Returns: when the timer fires, and whether the sleeping driver must wake up for it.
    @discardableResult
    mutating func install(_ setup: TriggerSetup, planner: TriggerPlanner) -> (fireAt: Int64?, wake: Bool) {
        remove(setup.key)
        var entry = Entry(setup: setup, planner: planner)
        var fireAt: Int64?
        if setup.recurrence != nil {
            let slot = allocateSlot(for: setup.key)
            entry.slot = slot
            let first = planner.nextFire(now: planner.handledThrough + planner.jitterOffsetMillis)
            if let first {
                entry.timer = wheel.schedule(at: max(0, first.fireAt), value: slot)
                fireAt = first.fireAt
            }
        }
        entries[setup.key] = entry
        let wake = fireAt.map { wakes($0) } ?? false
        return (fireAt, wake)
    }

    /// Disarms and forgets a trigger (its runs stay tracked until they end).
    mutating func remove(_ key: TriggerKey) {
        guard let entry = entries.removeValue(forKey: key) else { return }
        if let timer = entry.timer { wheel.cancel(timer) }
        if let slot = entry.slot {
            slots[Int(slot)] = nil
            freeSlots.append(slot)
        }
    }

    private mutating func allocateSlot(for key: TriggerKey) -> UInt32 {
        if let slot = freeSlots.popLast() {
            slots[Int(slot)] = key
            return slot
        }
        slots.append(key)
        return UInt32(slots.count - 1)
    }

    /// Whether a timer at `fireAt` is sooner than the driver's sleep; if so the driver counts as awake from now.
    private mutating func wakes(_ fireAt: Int64) -> Bool {
        guard case .some(let deadline) = driver.sleepingUntil, fireAt < (deadline ?? .max) else { return false }
        driver.sleepingUntil = nil
        return true
    }

    // MARK: Driving

    /// Expires every timer due at `now` and plans each trigger's fires.
    mutating func expire(now: Int64) -> [FireBatch] {
        let expired = wheel.advance(to: now)
        return expired.compactMap { timer in
            plan(slot: timer.value, handle: timer.handle, deadline: timer.deadline, now: now)
        }
    }

    private mutating func plan(slot: UInt32, handle: TimerHandle, deadline: Int64, now: Int64) -> FireBatch? {
        guard Int(slot) < slots.count, let key = slots[Int(slot)], var entry = entries[key], entry.timer == handle
        else { return nil }
        entry.timer = nil
        let counts = runs.counts(key)
        let plan = entry.planner.plan(now: now, running: counts.running, waiting: counts.waiting, published: true)
        var decided: [FireBatch.Decided] = []
        var cancels: [String] = []
        for fire in plan.fires {
            var executionID: String?
            switch fire.action {
            case .start:
                executionID = track(key, .committing(.enqueue), fireTime: fire.due)
            case .startCancellingRunning:
                cancels += runs.cancelActive(key)
                executionID = track(key, .committing(.enqueue), fireTime: fire.due)
            case .wait:
                executionID = track(key, .committing(.hold), fireTime: fire.due)
            case .skip:
                break
            }
            decided.append(FireBatch.Decided(fire: fire, executionID: executionID))
        }
        if let next = plan.next { entry.timer = wheel.schedule(at: next.fireAt, value: slot) }
        let state = TriggerState(
            workflowID: key.workflowID, triggerID: key.triggerID, armed: true,
            nextFireAt: plan.next.map { TriggerCore.date($0.fireAt) }, lastFireAt: TriggerCore.date(now),
            lastScheduledAt: TriggerCore.date(entry.planner.handledThrough))
        entries[key] = entry
        return FireBatch(
            key: key, now: now, timerDeadline: deadline,
            caughtUp: now - deadline > entry.planner.policy.misfireThresholdMillis, fires: decided, cancels: cancels,
            state: state)
    }

    /// Starts tracking a new run and returns its execution id: random (`SecureRandom`). A schedule fire has no
    /// request to fail, so should the kernel refuse random bytes (the agent checks at start that it gives them) the
    /// id is one unique to this process and time instead — never a repeated or all-zero one.
    mutating func track(_ key: TriggerKey, _ phase: TriggerRuns.Phase, fireTime: Int64) -> String {
        let id = (try? SecureRandom.system.uuid()) ?? Self.uniqueID()
        runs.add(id, key: key, phase: phase, fireTime: fireTime)
        return id
    }

    /// Takes back one admission of the rate limiter at `time`, for a fire whose run was not written after all
    /// (an idempotent replay, a failed write), so the limiter keeps matching the stored fires.
    mutating func unadmit(_ key: TriggerKey, at time: Int64) {
        guard var entry = entries[key], let limiter = entry.planner.rateLimiter else { return }
        var times = limiter.admittedTimes
        guard let index = times.lastIndex(of: time) else { return }
        times.remove(at: index)
        let old = entry.planner
        entry.planner = TriggerPlanner(
            triggerID: old.triggerID, recurrence: old.recurrence, policy: old.policy,
            handledThrough: old.handledThrough, admittedFires: times)
        entries[key] = entry
    }

    /// Begins the driver's sleep.
    /// - Returns: the deadline to sleep until (`nil`: until woken), or `false` in `sleep` when it must not sleep.
    mutating func beginSleep() -> (deadline: Int64?, sleep: Bool) {
        guard !driver.stopping else { return (nil, false) }
        let deadline = wheel.nextDeadline
        driver.sleepingUntil = .some(deadline)
        return (deadline, true)
    }

    /// Whether nothing is due and nothing is being written: the driver sleeps past `now` and no batch is in flight.
    func isIdle(now: Int64) -> Bool {
        guard driver.inFlight == 0, case .some(let deadline) = driver.sleepingUntil else { return false }
        return deadline.map { $0 > now } ?? true
    }
}

extension TriggerTable {
    private static let fallbackCounter = Atomic<UInt64>(0)

    /// A UUID-shaped id from the wall clock (ns), the process id and a counter: unique without random bytes.
    static func uniqueID() -> String {
        let nanos = UInt64(max(0, Date().timeIntervalSince1970 * 1_000_000_000))
        let count = fallbackCounter.add(1, ordering: .relaxed).newValue
        let pid = UInt64(UInt32(bitPattern: getpid()))
        let hex = Hex.string(withUnsafeBytes(of: nanos.bigEndian, Array.init)) + Hex.string(
            withUnsafeBytes(of: (pid << 32 | (count & 0xffff_ffff)).bigEndian, Array.init))
        let digits = Array(hex)
        return String(digits[0..<8]) + "-" + String(digits[8..<12]) + "-" + String(digits[12..<16]) + "-"
            + String(digits[16..<20]) + "-" + String(digits[20..<32])
    }
}
