import Foundation
import Logging
import Scheduler
import Store

/// The dispatcher's side of its loop: due rows read ahead from the store, handed out as delivery slots free up and
/// as their receivers admit them, and the wait when there is nothing to hand out.
///
/// The rows of a receiver that is at its limit or backing off are left out of the due query, so however many of
/// them are due, they never fill a batch ahead of another receiver's: a row that was read and that its receiver
/// could not take is dropped from the batch, and is read again only once the receiver has a free slot.
struct CallbackDispatchLoop {
    let dispatcher: CallbackDispatcher
    let flight: CallbackInFlight
    /// Due rows read but not started yet, oldest due first.
    private var buffer: ArraySlice<CallbackEntry> = []

    init(dispatcher: CallbackDispatcher, flight: CallbackInFlight) {
        self.dispatcher = dispatcher
        self.flight = flight
    }

    /// The callbacks to start now, each already counted in flight and by its receiver; empty after a wait (for a
    /// wake, the next due time or back-off end, the idle poll, or a store error to pass), or when every row read
    /// was held back by its receiver (the next read leaves those receivers out).
    mutating func next() async -> [CallbackEntry] {
        let free = dispatcher.settings.concurrency - flight.count
        guard free > 0 else {
            // Every slot is busy: the end of a delivery wakes the loop.
            await dispatcher.wakeup.wait()
            return []
        }
        // One instant for both queries, so a row is either due at it or due after it, never in neither.
        let nowMillis = dispatcher.clock.nowMillis
        let now = Date(timeIntervalSince1970: Double(nowMillis) / 1000)
        if buffer.isEmpty {
            do {
                buffer = try await due(at: now, nowMillis: nowMillis)[...]
            } catch {
                if Task.isCancelled { return [] }
                dispatcher.logger.error("could not read due callbacks", metadata: ["error": "\(error)"])
                await sleep(until: now.addingTimeInterval(5))
                return []
            }
        }
        var batch: [CallbackEntry] = []
        var held: [AgentMetrics.CallbackDeferral: Int] = [:]
        while batch.count < free, let entry = buffer.popFirst() {
            switch flight.begin(entry, nowMillis: nowMillis) {
            case .start: batch.append(entry)
            case .atLimit: held[.receiverLimit, default: 0] += 1
            case .backingOff: held[.receiverBackoff, default: 0] += 1
            }
        }
        for (reason, count) in held { dispatcher.metrics?.callbacksDeferred(count, reason: reason) }
        if !batch.isEmpty || !held.isEmpty { return batch }
        // Everything due is in flight or held by its receiver: sleep until the next row falls due or a back-off
        // ends (the end of a delivery wakes the loop too).
        let idle = now.addingTimeInterval(CallbackRetryPolicy.seconds(dispatcher.settings.idlePoll))
        let backoffEnd = flight.nextBackoffEnd(after: nowMillis).map { Date(timeIntervalSince1970: Double($0) / 1000) }
        do {
            let next = try await dispatcher.store.nextCallbackDue(after: now)
            await sleep(until: [next, backoffEnd, idle].compactMap { $0 }.min() ?? idle)
        } catch {
            if Task.isCancelled { return [] }
            dispatcher.logger.error("could not read the next callback due", metadata: ["error": "\(error)"])
            await sleep(until: now.addingTimeInterval(5))
        }
        return []
    }

    /// The due rows that are not in flight, of receivers that can take an attempt now, at most a batch of them.
    private func due(at now: Date, nowMillis: Int64) async throws -> [CallbackEntry] {
        let inFlight = flight.ids
        let rows = try await dispatcher.store.dueCallbacks(
            now: now, limit: dispatcher.settings.batchSize + inFlight.count,
            excludingReceivers: flight.blocked(nowMillis: nowMillis))
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
