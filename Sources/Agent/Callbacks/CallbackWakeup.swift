/// Tells the callback dispatcher to look for due callbacks now: an execution with a callback finished, a
/// redelivery was asked for, or a delivery ended. Wakes are not lost when the dispatcher is busy, and several
/// wakes before it looks count as one (the trigger core's `WakeSignal` underneath).
public final class CallbackWakeup: Sendable {
    private let signal = WakeSignal()

    public init() {}

    /// Wakes the waiting dispatcher, or the next wait when none is waiting.
    public func wake() {
        signal.signal()
    }

    /// Returns at the next wake (at once if one came since the last wait), or when the task is cancelled.
    /// One waiter at a time.
    func wait() async {
        await signal.wait()
    }
}
