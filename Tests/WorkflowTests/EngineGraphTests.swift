import Testing

@testable import Workflow

@Suite("Engine: edges, branches and readiness gates")
struct EngineGraphTests {
    static func edge(_ to: String, _ branch: String = "main") -> String {
        #"{"branchName": "\#(branch)", "nextStepName": "\#(to)"}"#
    }

    @Test("a chain runs in order and reports its events")
    func chain() async throws {
        let harness = EngineHarness([FakeAction.succeeding("t.ok", output: ["v": 1])])
        let execution = try await harness.run(
            spec(
                """
                [{"name": "A", "actionId": "t.ok", "outboundEdges": [\(Self.edge("B"))]},
                 {"name": "B", "actionId": "t.ok", "outboundEdges": [\(Self.edge("C"))]},
                 {"name": "C", "actionId": "t.ok"}]
                """))
        #expect(execution.status == .successful)
        #expect(execution.steps.map(\.status) == [.successful, .successful, .successful])
        #expect(execution.step("C")?.output == ["v": 1])
        #expect(
            harness.observer.summary == [
                "started", "step A", "attempt A 1", "done A Successful", "step B", "attempt B 1", "done B Successful",
                "step C", "attempt C 1", "done C Successful", "outputs", "finished Successful",
            ])
        #expect(execution.statistics == ExecutionStatistics(steps: execution.steps))
        #expect(execution.statistics.total == 3 && execution.statistics.succeeded == 3)
    }

    @Test("the branch an action names picks the edge; the other branch is skipped")
    func branches() async throws {
        let harness = EngineHarness([FakeAction.succeeding("t.ok"), FakeAction.succeeding("t.yes", branch: "yes")])
        let execution = try await harness.run(
            spec(
                """
                [{"name": "Decide", "actionId": "t.yes", "outboundEdges": [\(Self.edge("Yes", "yes")), \(Self.edge("No", "no"))]},
                 {"name": "Yes", "actionId": "t.ok"},
                 {"name": "No", "actionId": "t.ok", "outboundEdges": [\(Self.edge("AfterNo"))]},
                 {"name": "AfterNo", "actionId": "t.ok"}]
                """))
        #expect(execution.status == .successful)
        #expect(execution.steps.map(\.status) == [.successful, .successful, .skipped, .skipped])
        #expect(execution.statistics.skipped == 2)
    }

    @Test("a result naming a branch with no edge ends that path")
    func unmatchedBranch() async throws {
        let harness = EngineHarness([FakeAction.succeeding("t.ok"), FakeAction.succeeding("t.other", branch: "other")])
        let execution = try await harness.run(
            spec(
                """
                [{"name": "A", "actionId": "t.other", "outboundEdges": [\(Self.edge("B"))]}, {"name": "B", "actionId": "t.ok"}]
                """))
        #expect(execution.status == .successful)
        #expect(execution.step("B")?.status == .skipped)
    }

    @Test(
        "readiness gates: ANY runs the join once on the first arrival, ALL once after every branch",
        arguments: ["ANY", "ALL"])
    func joins(threshold: String) async throws {
        let join = FakeAction.succeeding("t.join")
        let harness = EngineHarness([FakeAction.succeeding("t.ok"), join])
        let execution = try await harness.run(
            spec(
                """
                [{"name": "Fork", "actionId": "t.ok", "outboundEdges": [\(Self.edge("Left")), \(Self.edge("Right"))]},
                 {"name": "Left", "actionId": "t.ok", "outboundEdges": [\(Self.edge("Join"))]},
                 {"name": "Right", "actionId": "t.ok", "outboundEdges": [\(Self.edge("Join"))]},
                 {"name": "Join", "actionId": "t.join", "readinessGate": {"thresholdType": "\(threshold)"}}]
                """))
        #expect(execution.status == .successful)
        #expect(join.callCount == 1)
        let order = harness.observer.summary
        let joinStart = try #require(order.firstIndex(of: "step Join"))
        let leftDone = try #require(order.firstIndex(of: "done Left Successful"))
        let rightDone = try #require(order.firstIndex(of: "done Right Successful"))
        if threshold == "ALL" {
            #expect(joinStart > leftDone && joinStart > rightDone)
        } else {
            #expect(joinStart > min(leftDone, rightDone))
        }
    }

    @Test("a join after an either/or branch: ANY runs, ALL is skipped", arguments: [("ANY", true), ("ALL", false)])
    func joinAfterDeadBranch(threshold: String, runs: Bool) async throws {
        let harness = EngineHarness([FakeAction.succeeding("t.ok"), FakeAction.succeeding("t.left", branch: "left")])
        let execution = try await harness.run(
            spec(
                """
                [{"name": "Choose", "actionId": "t.left", "outboundEdges": [\(Self.edge("Left", "left")), \(Self.edge("Right", "right"))]},
                 {"name": "Left", "actionId": "t.ok", "outboundEdges": [\(Self.edge("Join"))]},
                 {"name": "Right", "actionId": "t.ok", "outboundEdges": [\(Self.edge("Join"))]},
                 {"name": "Join", "actionId": "t.ok", "readinessGate": {"thresholdType": "\(threshold)"},
                  "outboundEdges": [\(Self.edge("End"))]},
                 {"name": "End", "actionId": "t.ok"}]
                """))
        #expect(execution.status == .successful)
        #expect(execution.step("Right")?.status == .skipped)
        #expect(execution.step("Join")?.status == (runs ? .successful : .skipped))
        #expect(execution.step("End")?.status == (runs ? .successful : .skipped))
    }

    @Test("parallel branches run concurrently")
    func concurrency() async throws {
        let leftStarted = Signal()
        let left = FakeAction("t.left") { _, _ in
            leftStarted.fire()
            return ActionResult()
        }
        let right = FakeAction("t.right") { _, _ in
            await leftStarted.wait()
            return ActionResult()
        }
        let waitsForRight = Signal()
        let first = FakeAction("t.first") { _, _ in
            waitsForRight.fire()
            return ActionResult()
        }
        let harness = EngineHarness([left, right, first])
        let execution = try await harness.run(
            spec(
                """
                [{"name": "Start", "actionId": "t.first", "outboundEdges": [\(Self.edge("R")), \(Self.edge("L"))]},
                 {"name": "R", "actionId": "t.right"}, {"name": "L", "actionId": "t.left"}]
                """))
        #expect(execution.status == .successful)
    }

    @Test("start steps come from the trigger that fired, else apiTrigger then workflowTrigger, else the roots")
    func startSteps() async throws {
        let json = """
            {"name": "w", "spec": {"triggers": [{"apiTrigger": {}, "startStepNames": ["B"]},
              {"scheduleTrigger": {"rruleExpression": "FREQ=DAILY"}, "startStepNames": ["C"]}, {"monitorTrigger": {}}],
             "steps": [{"name": "A", "actionId": "t.ok"}, {"name": "B", "actionId": "t.ok"}, {"name": "C", "actionId": "t.ok"}]}}
            """
        for (trigger, ran) in [(nil, ["B"]), (TriggerKind.schedule, ["C"]), (.monitor, ["A", "B", "C"])] {
            let harness = EngineHarness([FakeAction.succeeding("t.ok")])
            let execution = try await harness.run(json, trigger: trigger)
            #expect(execution.steps.filter { $0.status == .successful }.map(\.name) == ran)
            #expect(execution.trigger == trigger)
        }
    }
}
