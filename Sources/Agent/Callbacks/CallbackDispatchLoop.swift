import Foundation
import Logging
import Scheduler
import Store

/// The dispatcher's side of its loop: due rows read ahead from the store and kept by receiver, handed out as
/// delivery slots free up and as their receivers admit them, and the wait when there is nothing to hand out.
///
/// A receiver's rows wait here while it is at its limit, so a freed slot is filled without reading the store again;
/// the due query leaves out the receivers that already have rows waiting here, are at their limit or are backing
/// off, so however many of one receiver's rows are due, they never fill a read ahead of another receiver's. The
/// rows of a receiver that goes into back-off are dropped here (the store has moved them past the back-off).
struct CallbackDispatchLoop {
    let dispatcher: CallbackDispatcher
    let flight: CallbackInFlight
    /// Due rows read but not started yet, by receiver, oldest due first.
    private var waiting: [String: ArraySlice<CallbackEntry>] = [:]
    /// The receivers with rows waiting, in the order they were read: each pass starts one row of each in turn.
    private var order: [String] = []
    private var waitingCount = 0
    /// What the last read that found nothing covered: the receivers it left out, the wake generation before it, and
    /// the next due time after it. Until a wake, that time, or a receiver leaving the excluded set, another read
    /// would find nothing either, and is not made (it would scan the excluded receivers' rows in the index again).
    private var quiet: (excluded: Set<String>, generation: UInt64, untilMillis: Int64)?

    init(dispatcher: CallbackDispatcher, flight: CallbackInFlight) {
        self.dispatcher = dispatcher
        self.flight = flight
    }

    /// The most rows kept waiting here; past it the loop waits for deliveries to end before reading more.
    private var maxWaiting: Int { dispatcher.settings.batchSize * 4 }

    /// The callbacks to start now, each already counted in flight and by its receiver; empty after a wait (for a
    /// wake, the next due time or back-off end, the idle poll, or a store error to pass), or when every row read
    /// must wait for its receiver (the next read leaves those receivers out).
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
        let started = start(upTo: free, nowMillis: nowMillis)
        if !started.isEmpty { return started }
        let excluded = flight.blocked(nowMillis: nowMillis).union(waiting.keys)
        let generation = dispatcher.wakeup.generation
        if let quiet, quiet.generation == generation, nowMillis < quiet.untilMillis,
            excluded.isSuperset(of: quiet.excluded)
        {
            // Nothing new can be due: wait for a slot, a wake or the next due time.
            await sleep(until: deadline(quiet.untilMillis, nowMillis: nowMillis))
            return []
        }
        var readNothing = false
        if waitingCount < maxWaiting {
            let rows: [CallbackEntry]
            do {
                rows = try await due(at: now, excluding: excluded)
            } catch {
                if Task.isCancelled { return [] }
                dispatcher.logger.error("could not read due callbacks", metadata: ["error": "\(error)"])
                await sleep(until: now.addingTimeInterval(5))
                return []
            }
            if !rows.isEmpty {
                for entry in rows {
                    if waiting[entry.receiver] == nil { order.append(entry.receiver) }
                    waiting[entry.receiver, default: []].append(entry)
                }
                waitingCount += rows.count
                let batch = start(upTo: free, nowMillis: nowMillis)
                dispatcher.metrics?.callbacksDeferred(rows.count - batch.count, reason: .receiverLimit)
                quiet = nil
                return batch
            }
            readNothing = true
        }
        // Everything due is in flight or waits for its receiver: sleep until the next row falls due or a back-off
        // ends (the end of a delivery wakes the loop too).
        do {
            let next = try await dispatcher.store.nextCallbackDue(after: now)
            let nextMillis = next.map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) } ?? Int64.max
            // The idle poll bounds it too, for callbacks another process queued.
            let idle = nowMillis + Int64(CallbackRetryPolicy.seconds(dispatcher.settings.idlePoll) * 1000)
            quiet = readNothing ? (excluded, generation, min(nextMillis, idle)) : nil
            await sleep(until: deadline(nextMillis, nowMillis: nowMillis))
        } catch {
            quiet = nil
            if Task.isCancelled { return [] }
            dispatcher.logger.error("could not read the next callback due", metadata: ["error": "\(error)"])
            await sleep(until: now.addingTimeInterval(5))
        }
        return []
    }

    /// The earliest of the next due time, the next back-off end and the idle poll.
    private func deadline(_ nextDueMillis: Int64, nowMillis: Int64) -> Date {
        let idle = nowMillis + Int64(CallbackRetryPolicy.seconds(dispatcher.settings.idlePoll) * 1000)
        let earliest = min(nextDueMillis, flight.nextBackoffEnd(after: nowMillis) ?? .max, idle)
        return Date(timeIntervalSince1970: Double(earliest) / 1000)
    }

    /// Starts up to `free` waiting rows whose receivers admit them, one receiver after another; drops the rows of
    /// receivers that are backing off.
    private mutating func start(upTo free: Int, nowMillis: Int64) -> [CallbackEntry] {
        var batch: [CallbackEntry] = []
        var progressed = true
        while batch.count < free, progressed {
            progressed = false
            for receiver in order where batch.count < free {
                guard let entry = waiting[receiver]?.first else { continue }
                switch flight.begin(entry, nowMillis: nowMillis) {
                case .start:
                    waiting[receiver]?.removeFirst()
                    waitingCount -= 1
                    batch.append(entry)
                    progressed = true
                case .atLimit:
                    continue
                case .backingOff:
                    let dropped = waiting[receiver]?.count ?? 0
                    waiting[receiver] = []
                    waitingCount -= dropped
                    dispatcher.metrics?.callbacksDeferred(dropped, reason: .receiverBackoff)
                }
            }
        }
        if order.contains(where: { waiting[$0]?.isEmpty != false }) {
            order.removeAll { waiting[$0]?.isEmpty != false }
            waiting = waiting.filter { !$0.value.isEmpty }
        }
        return batch
    }

    /// Due rows not in flight, of receivers that can take an attempt now and have none waiting here, at most a
    /// batch of them.
    private func due(at now: Date, excluding excluded: Set<String>) async throws -> [CallbackEntry] {
        let inFlight = flight.ids
        let rows = try await dispatcher.store.dueCallbacks(
            now: now, limit: dispatcher.settings.batchSize + inFlight.count, excludingReceivers: excluded)
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
