import Foundation
import Logging
import Scheduler
import Store

extension CallbackDispatcher {
    /// Makes a receiver's change visible and acts on it: a back-off is logged (warning) with the receiver, the
    /// consecutive failures and the last one's error, and the receiver's due callbacks are moved past it in the
    /// outbox (so they are not read again before it ends, and their listing says why they wait); a recovery is
    /// logged (notice). The `/metrics` gauge of receivers backing off follows both.
    func report(_ transition: CallbackReceivers.Transition, backingOff: Int) async {
        metrics?.callbackReceiversBackingOff(backingOff)
        switch transition {
        case .backingOff(let receiver, let untilMillis, let failures, let reason):
            let until = Date(timeIntervalSince1970: Double(untilMillis) / 1000)
            let seconds = Double(untilMillis - clock.nowMillis) / 1000
            var metadata: Logger.Metadata = [
                "callback.receiver": "\(receiver)", "callback.receiver.failures": "\(failures)",
                "callback.receiver.backoff_until": "\(JSONResponse.timestamp(until))",
                "callback.receiver.backoff_seconds": "\(String(format: "%.3f", seconds))", "error": "\(reason)",
            ]
            let note =
                "deferred: the receiver \(receiver) is backing off until \(JSONResponse.timestamp(until)) after "
                + "\(failures) consecutive failure\(failures == 1 ? "" : "s") (last: \(reason.prefix(300)))"
            do {
                let moved = try await store.deferCallbacks(receiver: receiver, until: until, note: note)
                metadata["callbacks.deferred"] = "\(moved)"
                metrics?.callbacksDeferred(moved, reason: .receiverBackoff)
            } catch {
                // The rows stay due; the due query leaves the receiver out until its back-off ends all the same.
                metadata["callbacks.defer_error"] = "\(error)"
            }
            logger.warning("callback receiver backing off", metadata: metadata)
        case .recovered(let receiver, let failures):
            logger.notice(
                "callback receiver recovered",
                metadata: ["callback.receiver": "\(receiver)", "callback.receiver.failures": "\(failures)"])
        }
    }
}
