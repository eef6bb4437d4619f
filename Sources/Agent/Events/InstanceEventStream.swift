import Foundation
import Store
import Workflow

/// What `GET …/instances/{id}/events` writes: an execution's events as Server-Sent Events, from its start, each
/// once, in the one shape the API uses (the final event's data is the instance document `GET …/instances/{id}`
/// answers, RFC 3339 times throughout).
///
/// A pure value: the route feeds it events (kept by the hub, or rebuilt from the stored execution with `replay`)
/// and writes the frames it returns. It remembers what it wrote, so an event seen twice — in the hub's history and
/// in a replay of the stored state — is written once.
///
/// Event names: `execution.started`, `step.started`, `step.attempt`, `step.finished`, `execution.outputs`,
/// `execution.finished` (the last one; the stream ends after it).
struct InstanceEventStream {
    private var written: Set<String> = []
    private var sequence = 0
    /// Whether `execution.finished` was written.
    private(set) var finished = false

    /// The SSE frames for `event`: none when it was written already, or after the end.
    mutating func frames(for event: ExecutionEvent) -> String {
        guard !finished, let (key, name, data) = Self.describe(event), written.insert(key).inserted else { return "" }
        if case .executionFinished = event { finished = true }
        sequence += 1
        let text = (try? data.jsonText()) ?? "{}"
        return "id: \(sequence)\nevent: \(name)\ndata: \(text)\n\n"
    }

    /// A comment line that keeps an idle connection open through proxies.
    static let keepAlive = ": keep-alive\n\n"

    /// The dedup key, the event name and its data.
    static func describe(_ event: ExecutionEvent) -> (String, String, JSONValue)? {
        switch event {
        case .executionStarted(let execution):
            var data: [String: JSONValue] = [
                "instanceId": .string(execution.id), "workflowId": .string(execution.workflowID),
                "steps": .array(execution.steps.map { .string($0.name) }),
            ]
            data["startedAt"] = execution.startedAt.map { .string(Timestamp.rfc3339($0)) }
            return ("started", "execution.started", .object(data))
        case .stepStarted(let id, let step, let at):
            return (
                "step.started/\(step)", "step.started",
                ["instanceId": .string(id), "stepName": .string(step), "startedAt": .string(Timestamp.rfc3339(at))]
            )
        case .attemptFinished(let id, let step, let attempt):
            return (
                "step.attempt/\(step)/\(attempt.number)", "step.attempt",
                ["instanceId": .string(id), "stepName": .string(step), "attempt": InstanceJSON.attempt(attempt)]
            )
        case .stepFinished(let id, let step):
            return ("step.finished/\(step.name)", "step.finished", ["instanceId": .string(id), "step": InstanceJSON.step(step)])
        case .outputs(let id, let outputs):
            return ("outputs", "execution.outputs", ["instanceId": .string(id), "outputs": .object(outputs)])
        case .executionFinished(let execution):
            return ("finished", "execution.finished", InstanceJSON.document(execution))
        }
    }

    /// The events a stored execution's state stands for, in the order they happened: its start, each step's start,
    /// attempts and end (steps by start time), its outputs and, once it has ended, its end.
    static func replay(_ execution: Execution) -> [ExecutionEvent] {
        guard execution.status != .pending || execution.startedAt != nil else {
            return execution.status.isTerminal ? [.executionFinished(execution)] : []
        }
        var events: [ExecutionEvent] = [.executionStarted(execution)]
        let steps = execution.steps.enumerated().sorted { lhs, rhs in
            switch (lhs.element.startedAt, rhs.element.startedAt) {
            case (let l?, let r?): (l, lhs.offset) < (r, rhs.offset)
            case (.some, nil): true
            case (nil, .some): false
            case (nil, nil): lhs.offset < rhs.offset
            }
        }.map(\.element)
        for step in steps {
            if let startedAt = step.startedAt {
                events.append(.stepStarted(executionID: execution.id, stepName: step.name, at: startedAt))
            }
            for attempt in step.attempts {
                events.append(.attemptFinished(executionID: execution.id, stepName: step.name, attempt: attempt))
            }
            if step.status != .pending, step.status != .running {
                events.append(.stepFinished(executionID: execution.id, step: step))
            }
        }
        if !execution.outputs.isEmpty { events.append(.outputs(executionID: execution.id, execution.outputs)) }
        if execution.status.isTerminal { events.append(.executionFinished(execution)) }
        return events
    }
}
