import Testing

@testable import Workflow

@Suite("Engine parts: the scheduler, conditions and retry delays")
struct EngineUnitTests {
    static func graph(_ json: String) throws -> StepGraph {
        StepGraph(spec: try Fixtures.workflow(#"{"name": "w", "spec": {"steps": \#(json)}}"#).spec)
    }

    @Test("the scheduler starts each step once and skips dead paths transitively")
    func schedulerDeadPaths() throws {
        let graph = try Self.graph(
            """
            [{"name": "A", "actionId": "x", "outboundEdges": [{"branchName": "yes", "nextStepName": "B"},
               {"branchName": "no", "nextStepName": "C"}, {"branchName": "yes", "nextStepName": "D"}]},
             {"name": "B", "actionId": "x", "outboundEdges": [{"branchName": "main", "nextStepName": "D"}]},
             {"name": "C", "actionId": "x", "outboundEdges": [{"branchName": "main", "nextStepName": "E"}]},
             {"name": "D", "actionId": "x", "readinessGate": {"thresholdType": "ALL"}},
             {"name": "E", "actionId": "x"}]
            """)
        var scheduler = StepScheduler(graph: graph)
        #expect(scheduler.start([0, 0]) == [0])
        #expect(scheduler.finish(0, .succeeded(branch: "yes")) == [1])
        #expect(scheduler.states == [.finished, .started, .skipped, .waiting, .skipped])
        #expect(scheduler.finish(1, .succeeded(branch: "main")) == [3])
        #expect(scheduler.finish(3, .succeeded(branch: "main")) == [])
        #expect(scheduler.notStarted == [2, 4])
    }

    @Test("a failed step with a fallback takes only its fallback links")
    func schedulerFallback() throws {
        let graph = try Self.graph(
            """
            [{"name": "A", "actionId": "x", "outboundEdges": [{"branchName": "main", "nextStepName": "B"}],
              "errorHandlers": [{"fallbackStepName": "F", "retryStrategy": {"kind": "RETRY_STRATEGY_LINEAR"}}]},
             {"name": "B", "actionId": "x"}, {"name": "F", "actionId": "x"}]
            """)
        var scheduler = StepScheduler(graph: graph)
        _ = scheduler.start([0])
        #expect(scheduler.finish(0, .failedWithFallback) == [2])
        #expect(scheduler.states == [.finished, .skipped, .started])
        var succeeded = StepScheduler(graph: graph)
        _ = succeeded.start([0])
        #expect(succeeded.finish(0, .succeeded(branch: "main")) == [1])
        #expect(succeeded.states == [.finished, .started, .skipped])
    }

    @Test("two edges from one step into a join count as one arrival")
    func schedulerParallelEdges() throws {
        let graph = try Self.graph(
            """
            [{"name": "A", "actionId": "x", "outboundEdges": [{"branchName": "a", "nextStepName": "J"},
               {"branchName": "b", "nextStepName": "J"}]},
             {"name": "J", "actionId": "x", "readinessGate": {"thresholdType": "ALL"}}]
            """)
        var scheduler = StepScheduler(graph: graph)
        _ = scheduler.start([0])
        #expect(scheduler.finish(0, .succeeded(branch: "b")) == [1])
    }

    @Test(
        "every completion operator",
        arguments: [
            (CompletionCondition.Operator.equal, JSONValue.int(3), JSONValue.double(3.0), true),
            (.equal, "200", 200, true),
            (.equal, "ok", "OK", false),
            (.equal, ["a": 1], ["a": 1], true),
            (.notEqual, "a", "b", true),
            (.notEqual, 1, 1, false),
            (.greaterThan, 5, 3, true),
            (.greaterThan, "10", 9, true),
            (.greaterThan, "b", "a", true),
            (.greaterThan, true, 1, false),
            (.lessThan, 2.5, 3, true),
            (.lessThan, 3, 3, false),
            (.greaterThanOrEqualTo, 3, 3, true),
            (.greaterThanOrEqualTo, 2, 3, false),
            (.lessThanOrEqualTo, 3, 3, true),
            (.lessThanOrEqualTo, 4, 3, false),
            (.contains, "disk full", "full", true),
            (.contains, ["a", 2], 2, true),
            (.contains, ["k": 1], "k", true),
            (.contains, "abc", "z", false),
            (.contains, .null, "a", false),
            (.doesNotContain, ["a"], "b", true),
            (.doesNotContain, "abc", "b", false),
            (.isNull, .null, .null, true),
            (.isNull, 0, .null, false),
            (.isNotNull, "", .null, true),
            (.isNotNull, .null, .null, false),
        ] as [(CompletionCondition.Operator, JSONValue, JSONValue, Bool)])
    func operators(op: CompletionCondition.Operator, left: JSONValue, right: JSONValue, expected: Bool) {
        #expect(CompletionCondition.evaluate(op, left, right) == expected)
    }

    @Test("a condition's missing path counts as null; a malformed template is an error")
    func conditionTemplates() throws {
        let context = TemplateContext(steps: ["A": ["output": ["state": "done"]]])
        let isNull = CompletionCondition(operand1: "{{ Steps.A.output.nothing }}", operator: .isNull)
        #expect(try isNull.isSatisfied(in: context))
        let equal = CompletionCondition(operand1: "{{ Steps.A.output.state }}", operator: .equal, operand2: "done")
        #expect(try equal.isSatisfied(in: context))
        let broken = CompletionCondition(operand1: "{{ Steps.A", operator: .isNull)
        #expect(throws: TemplateError.self) { try broken.isSatisfied(in: context) }
    }

    @Test("linear delays are constant and end after maxRetries")
    func linearDelays() {
        let strategy = RetryStrategy.linear(interval: "45s", maxRetries: 2)
        #expect(
            (0...3).map { strategy.delay(beforeRetry: $0, jitterSample: 0.9) } == [
                nil, .seconds(45), .seconds(45), nil,
            ])
        #expect(RetryStrategy.linear(interval: "45", maxRetries: 2).delay(beforeRetry: 1, jitterSample: 0) == nil)
        #expect(RetryStrategy(kind: .linear).maxRetries == 0)
    }

    @Test(
        "exponential delays grow by the multiplier, stop at the cap, and jitter shortens them",
        arguments: [
            (0.0, [1000, 2000, 4000, 8000, 10000, 10000]),
            (0.5, [750, 1500, 3000, 6000, 7500, 7500]),
        ])
    func exponentialDelays(sample: Double, milliseconds: [Int64]) {
        let strategy = RetryStrategy(
            kind: .exponential,
            exponential: ExponentialRetry(
                initialInterval: "1s", maxRetries: 6, maxInterval: "10s", jitter: 0.5))
        let delays = (1...6).map { strategy.delay(beforeRetry: $0, jitterSample: sample) }
        #expect(delays == milliseconds.map { Duration?.some(.milliseconds($0)) })
        #expect(strategy.delay(beforeRetry: 7, jitterSample: sample) == nil)
    }
}
