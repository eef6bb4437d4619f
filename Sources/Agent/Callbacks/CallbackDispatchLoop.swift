import Foundation
import Logging
import Scheduler
import Store

/// The dispatcher's side of its loop: due rows read ahead from the store, handed out as delivery slots free up,
/// and the wait when there is nothing to hand out.
struct CallbackDispatchLoop {
    let dispatcher: CallbackDispatcher
    let flight: InFlight
    /// Due rows read but not started yet, oldest due first.
    private var buffer: ArraySlice<CallbackEntry> = []

    init(dispatcher: CallbackDispatcher, flight: InFlight) {
        self.dispatcher = dispatcher
        self.flight = flight
    }

    /// The callbacks to start now, each already counted in flight; empty after a wait (for a wake, the next due
    /// time, the idle poll, or a store error to pass).
    mutating func next() async -> [CallbackEntry] {
        let free = dispatcher.settings.concurrency - flight.count
        guard free > 0 else {
            // Every slot is busy: the end of a delivery wakes the loop.
            await dispatcher.wakeup.wait()
            return []
        }
        // One instant for both queries, so a row is either due at it or due after it, never in neither.
        let now = dispatcher.now
        if buffer.isEmpty {
            do {
                buffer = try await due(at: now)[...]
            } catch {
                if Task.isCancelled { return [] }
                dispatcher.logger.error("could not read due callbacks", metadata: ["error": "\(error)"])
                await sleep(until: now.addingTimeInterval(5))
                return []
            }
        }
        if !buffer.isEmpty {
            let batch = Array(buffer.prefix(free))
            buffer = buffer.dropFirst(batch.count)
            for entry in batch { flight.begin(entry.id) }
            return batch
        }
        // Everything due is in flight: sleep until the next row falls due.
        let idle = now.addingTimeInterval(CallbackRetryPolicy.seconds(dispatcher.settings.idlePoll))
        do {
            let next = try await dispatcher.store.nextCallbackDue(after: now)
            await sleep(until: min(next ?? idle, idle))
        } catch {
            if Task.isCancelled { return [] }
            dispatcher.logger.error("could not read the next callback due", metadata: ["error": "\(error)"])
            await sleep(until: now.addingTimeInterval(5))
        }
        return []
    }

    /// The due rows that are not in flight, at most a batch of them.
    private func due(at now: Date) async throws -> [CallbackEntry] {
        let inFlight = flight.ids
        let rows = try await dispatcher.store.dueCallbacks(
            now: now, limit: dispatcher.settings.batchSize + inFlight.count)
        return rows.filter { !inFlight.contains($0.id) }
    }

    /// Returns at `deadline` on the dispatcher's clock, at a wake, or when the task is cancelled.
    private func sleep(until deadline: Date) async {
        let millis = Int64((deadline.timeIntervalSince1970 * 1000).rounded())
        let clock = dispatcher.clock
        let wakeup = dispatcher.wakeup
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await clock.sleep(untilMillis: millis) }
            group.addTask { await wakeup.wait() }
            await group.next()
            group.cancelAll()
        }
    }
}
