import Store
import Synchronization

/// The callbacks being delivered, each receiver's state (`CallbackReceivers`), and whether the dispatcher is
/// stopping: what the dispatch loop and the deliveries share, under one lock.
final class CallbackInFlight: Sendable {
    private struct State {
        var ids: Set<Int64> = []
        var stopping = false
        var receivers: CallbackReceivers
    }

    private let state: Mutex<State>

    init(receivers: CallbackReceivers) {
        state = Mutex(State(receivers: receivers))
    }

    /// Rows taken and not yet recorded (their receiver may have answered already).
    var ids: Set<Int64> { state.withLock { $0.ids } }
    var count: Int { state.withLock { $0.ids.count } }
    var isStopping: Bool { state.withLock { $0.stopping } }
    /// Receivers backing off or being probed.
    var backingOffCount: Int { state.withLock { $0.receivers.backingOffCount } }

    /// Takes `entry` when its receiver admits an attempt at `nowMillis`; otherwise leaves it and says why.
    func begin(_ entry: CallbackEntry, nowMillis: Int64) -> CallbackReceivers.Admission {
        state.withLock { state in
            let admission = state.receivers.admit(entry.receiver, nowMillis: nowMillis)
            if admission == .start { state.ids.insert(entry.id) }
            return admission
        }
    }

    /// The receiver of an attempt `begin` started has answered (or not): its slot is free again.
    func responded(_ receiver: String, _ health: CallbackReceivers.Health, nowMillis: Int64)
        -> CallbackReceivers.Transition?
    {
        state.withLock { $0.receivers.responded(receiver, health, nowMillis: nowMillis) }
    }

    /// The receivers no attempt can start to at `nowMillis`.
    func blocked(nowMillis: Int64) -> Set<String> { state.withLock { $0.receivers.blocked(nowMillis: nowMillis) } }

    /// The earliest back-off end after `nowMillis`.
    func nextBackoffEnd(after nowMillis: Int64) -> Int64? {
        state.withLock { $0.receivers.nextBackoffEnd(after: nowMillis) }
    }

    /// The row is recorded (or given back): it may be read again.
    func end(_ id: Int64) { _ = state.withLock { $0.ids.remove(id) } }

    /// Gives back a row `begin` took that will not be sent: its id and its receiver slot.
    func abandon(_ entry: CallbackEntry, nowMillis: Int64) {
        state.withLock { state in
            state.ids.remove(entry.id)
            _ = state.receivers.responded(entry.receiver, .notSent, nowMillis: nowMillis)
        }
    }

    func stop() { state.withLock { $0.stopping = true } }
}
