import Synchronization

/// Tells the callback dispatcher to look for due callbacks now: an execution with a callback finished, a
/// redelivery was asked for, or a delivery ended. Wakes are not lost when the dispatcher is busy, and several
/// wakes before it looks count as one (the trigger core's `WakeSignal` underneath).
public final class CallbackWakeup: Sendable {
    private let signal = WakeSignal()
    private let outboxChanges = Atomic<UInt64>(0)

    public init() {}

    /// Wakes the waiting dispatcher, or the next wait when none is waiting: the outbox may hold new due callbacks.
    public func wake() {
        outboxChanges.add(1, ordering: .sequentiallyConsistent)
        signal.signal()
    }

    /// Wakes the dispatcher because a delivery slot or a receiver's slot freed up; the outbox has nothing new.
    func wakeForSlot() {
        signal.signal()
    }

    /// Counts `wake()` calls: when it has not changed since a read of the outbox found nothing, the outbox has
    /// nothing new for the receivers that read covered (until a later due time comes).
    var generation: UInt64 { outboxChanges.load(ordering: .sequentiallyConsistent) }

    /// Returns at the next wake (at once if one came since the last wait), or when the task is cancelled.
    /// One waiter at a time.
    func wait() async {
        await signal.wait()
    }
}
