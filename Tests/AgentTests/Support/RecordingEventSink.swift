import Agent
import Foundation
import Synchronization

/// A `TriggerEventSink` that keeps every event it is given and answers what `decide` says (by default: started,
/// with execution ids `exec-1`, `exec-2`, …), standing in for the trigger core.
final class RecordingEventSink: TriggerEventSink {
    /// Decides the outcome of the event, given how many events came before it; may throw to refuse it.
    typealias Decide = @Sendable (TriggerEvent, Int) throws -> TriggerEventOutcome

    private let events = Mutex<[TriggerEvent]>([])
    private let decide: Decide

    init(decide: @escaping Decide = { _, index in .started(executionID: "exec-\(index + 1)") }) {
        self.decide = decide
    }

    /// Every event received so far, in order (refused ones included).
    var received: [TriggerEvent] { events.withLock { $0 } }

    func fire(_ event: TriggerEvent) async throws -> TriggerEventOutcome {
        let index = events.withLock { events in
            events.append(event)
            return events.count - 1
        }
        return try decide(event, index)
    }
}

/// The failure a refusing sink throws.
struct SinkRefused: Error {}
