import Foundation
import HTTPTypes
import Store
import Testing
import Workflow

@testable import Agent

/// The instance event stream: the hub that keeps a running execution's events, the SSE frames written once each,
/// the replay of a stored execution, the client's parser, and the route end to end.
@Suite("Instance event stream")
struct EventStreamTests {
    static let start = Date(timeIntervalSince1970: 1_700_000_000)

    /// A finished two-step execution: A succeeded after a failed attempt, B was skipped.
    static func finishedExecution() -> Execution {
        var execution = Execution(
            id: "e-1", workflowID: "w-1", workflowName: "W", status: .successful,
            steps: [StepRun(name: "A", actionId: "t.ok"), StepRun(name: "B", actionId: "t.ok")], createdAt: start)
        execution.startedAt = start
        execution.finishedAt = start.addingTimeInterval(2)
        execution.steps[0].status = .successful
        execution.steps[0].startedAt = start.addingTimeInterval(0.5)
        execution.steps[0].finishedAt = start.addingTimeInterval(1.5)
        execution.steps[0].attempts = [
            StepAttempt(
                number: 1, outcome: .failed, startedAt: start.addingTimeInterval(0.5),
                finishedAt: start.addingTimeInterval(0.6), error: StepError(code: "x", message: "boom")),
            StepAttempt(
                number: 2, outcome: .succeeded, startedAt: start.addingTimeInterval(1),
                finishedAt: start.addingTimeInterval(1.5)),
        ]
        execution.steps[1].status = .skipped
        execution.outputs = ["result": "ok"]
        return execution
    }

    static func names(_ frames: String) -> [String] {
        frames.split(separator: "\n").compactMap { line in
            line.hasPrefix("event: ") ? String(line.dropFirst("event: ".count)) : nil
        }
    }

    @Test("a stored execution replays as its start, each step's start, attempts and end, its outputs, its end")
    func replayOrder() {
        var stream = InstanceEventStream()
        let frames = InstanceEventStream.replay(Self.finishedExecution()).map { stream.frames(for: $0) }.joined()
        #expect(
            Self.names(frames) == [
                "execution.started", "step.started", "step.attempt", "step.attempt", "step.finished", "step.finished",
                "execution.outputs", "execution.finished",
            ])
        #expect(stream.finished)
        #expect(frames.hasPrefix("id: 1\nevent: execution.started\ndata: {"))
    }

    @Test("an event seen twice is written once, and nothing is written after the end")
    func writtenOnce() {
        var stream = InstanceEventStream()
        let execution = Self.finishedExecution()
        let started = ExecutionEvent.stepStarted(executionID: "e-1", stepName: "A", at: Self.start)
        #expect(!stream.frames(for: started).isEmpty)
        #expect(stream.frames(for: started).isEmpty)
        let replayed = InstanceEventStream.replay(execution).map { stream.frames(for: $0) }.joined()
        #expect(Self.names(replayed).filter { $0 == "step.started" }.count == 0)
        #expect(stream.frames(for: .executionFinished(execution)).isEmpty)
        #expect(stream.frames(for: .outputs(executionID: "e-1", ["late": 1])).isEmpty)
    }

    @Test("the last event's data is the instance document GET answers")
    func finishedIsTheDocument() throws {
        var stream = InstanceEventStream()
        let execution = Self.finishedExecution()
        let frame = stream.frames(for: .executionFinished(execution))
        let data = try #require(frame.split(separator: "\n").first { $0.hasPrefix("data: ") })
        #expect(String(data.dropFirst("data: ".count)) == (try InstanceJSON.text(execution)))
    }

    @Test("a follower gets the history so far, then live events; the end finishes every follower")
    func hubHistoryThenLive() async {
        let hub = ExecutionEventHub()
        var execution = Execution(id: "e-2", workflowID: "w", workflowName: "W", status: .running)
        hub.publish(.executionStarted(execution))
        hub.publish(.stepStarted(executionID: "e-2", stepName: "A", at: Self.start))
        let late = hub.follow("e-2")
        #expect(late.history.count == 2)
        hub.publish(.stepFinished(executionID: "e-2", step: StepRun(name: "A", actionId: "t", status: .successful)))
        execution.status = .successful
        hub.publish(.executionFinished(execution))
        var live: [ExecutionEvent] = []
        for await event in late.live { live.append(event) }
        #expect(live.count == 2)
        #expect(hub.trackedExecutions == 0)
    }

    @Test("following an execution that never starts here leaves nothing behind once the follower stops")
    func hubForgetsIdleFollowers() async {
        let hub = ExecutionEventHub()
        let following = hub.follow("queued")
        #expect(following.history.isEmpty)
        #expect(hub.trackedExecutions == 1)
        following.stop()
        for await _ in following.live {}
        #expect(hub.trackedExecutions == 0)
    }

    @Test("the client's parser joins data lines, skips comments and handles CRLF and split chunks")
    func parser() {
        var parser = ServerSentEventParser()
        let text = ": keep-alive\r\n\r\nid: 1\r\nevent: step.started\r\ndata: {\"stepName\":\r\n"
        #expect(parser.feed(Array(text.utf8)).isEmpty)
        let rest = "data: \"A\"}\n\nevent: other\ndata:plain\n\n"
        let events = parser.feed(Array(rest.utf8))
        #expect(events.map(\.name) == ["step.started", "other"])
        #expect(events.first?.data["stepName"] == "A")
        #expect(events.last?.data == "plain")
    }

    @Test("GET …/events of a finished run replays it to the end; by id alone too; 404 for an unknown one")
    func routeReplaysAFinishedRun() async throws {
        try await AgentHarness.run { agent in
            let workflow = try await agent.createWorkflow()
            let instance = try await agent.runToEnd(workflow)
            let id = try #require(instance["data"]?["id"]?.stringValue)
            for path in ["/api/v2/workflows/\(workflow)/instances/\(id)/events", "/api/v2/instances/\(id)/events"] {
                let reply = try await agent.send(.get, path, token: AgentHarness.readToken)
                #expect(reply.status == 200)
                #expect(reply.headers[.contentType] == "text/event-stream")
                #expect(
                    Self.names(reply.text) == [
                        "execution.started", "step.started", "step.attempt", "step.finished", "execution.finished",
                    ])
                let get = try await agent.send(.get, "/api/v2/workflows/\(workflow)/instances/\(id)")
                #expect(reply.text.contains("event: execution.finished\ndata: \(get.text)\n\n"))
            }
            let missing = try await agent.send(.get, "/api/v2/instances/nope/events")
            #expect(missing.status == 404)
            let wrong = try await agent.send(.get, "/api/v2/workflows/other/instances/\(id)/events")
            #expect(wrong.status == 404)
            #expect(agent.runtime.events.trackedExecutions == 0)
        }
    }
}
