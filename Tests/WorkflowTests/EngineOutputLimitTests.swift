import Foundation
import Testing

@testable import Workflow

/// Action outputs past the output limits fail their step where they enter the engine, and the run ends.
@Suite("Engine: action outputs are held to the depth and size limits")
struct EngineOutputLimitTests {
    /// Arrays nested `depth` deep around a number.
    static func nested(_ depth: Int) -> JSONValue {
        var value: JSONValue = 1
        for level in 0..<depth { value = level.isMultiple(of: 2) ? .array([value]) : ["k": value] }
        return value
    }

    static let oneStep = spec(#"[{"name": "Call", "actionId": "t.out"}]"#)

    @Test(
        "an output past a limit fails the step with the limit's code; the run ends Failed and encodes",
        arguments: [
            (nested(70), "output.tooDeep", "more than 64 deep"), (nested(600), "output.tooDeep", "more than 64 deep"),
            (.object(["body": .string(String(repeating: "x", count: 2 << 20))]), "output.tooLarge", "at most 1048576"),
            (["ratio": .double(.infinity)], "output.notFinite", "JSON numbers are finite"),
        ] as [(JSONValue, String, String)])
    func refused(output: JSONValue, code: String, phrase: String) async throws {
        let execution = try await EngineHarness([FakeAction.succeeding("t.out", output: output)]).run(Self.oneStep)
        #expect(execution.status == .failed)
        let step = try #require(execution.step("Call"))
        #expect(step.status == .failed)
        #expect(step.error?.code == code)
        #expect(step.error?.message.contains(phrase) == true)
        #expect(step.output == nil)
        #expect(step.attempts.first?.output == nil)
        #expect(execution.error?.code == code)
        // What the store and the API write of it can be written and read back.
        let text = String(decoding: try JSONEncoder().encode(execution), as: UTF8.self)
        #expect(try JSONValue(jsonText: text).objectValue != nil)
    }

    @Test("an output at the limits enters the engine unchanged")
    func atTheLimits() async throws {
        let deep = Self.nested(64)
        let execution = try await EngineHarness([FakeAction.succeeding("t.out", output: deep)]).run(Self.oneStep)
        #expect(execution.status == .successful)
        #expect(execution.step("Call")?.output == deep)
    }

    @Test("a failure's partial output past a limit is dropped; the failure keeps its code and says why")
    func failureOutputDropped() async throws {
        let failing = FakeAction("t.out") { _, _ in
            throw ActionFailure(code: "http.status", message: "HTTP 500", output: Self.nested(300))
        }
        let execution = try await EngineHarness([failing]).run(Self.oneStep)
        let error = try #require(execution.step("Call")?.error)
        #expect(error.code == "http.status")
        #expect(error.output == nil)
        #expect(error.message.contains("its output was dropped") && error.message.contains("limits.maxJSONDepth"))
    }

    @Test("a step with an error handler goes on to its fallback after a refused output")
    func fallbackRuns() async throws {
        let fallback = FakeAction.succeeding("t.fallback")
        let execution = try await EngineHarness([FakeAction.succeeding("t.out", output: Self.nested(100)), fallback])
            .run(
                spec(
                    #"""
                    [{"name": "Call", "actionId": "t.out", "errorHandlers": [{"fallbackStepName": "Recover", "retryStrategy":
                      {"kind": "RETRY_STRATEGY_LINEAR", "linear": {"interval": "1s", "maxRetries": 1}}}]},
                     {"name": "Recover", "actionId": "t.fallback"}]
                    """#, start: ["Call"]))
        #expect(execution.step("Call")?.error?.code == "output.tooDeep")
        #expect(execution.step("Call")?.attempts.count == 2)
        #expect(fallback.callCount == 1)
        #expect(execution.status.isTerminal)
    }

    @Test("the nesting walk is exact up to the limit and stops just past it", arguments: [0, 1, 2, 5, 63, 64, 65, 600])
    func nesting(depth: Int) {
        let value = Self.nested(depth)
        #expect(OutputLimits.nesting(of: value, stoppingPast: 1000) == depth)
        let bounded = OutputLimits.nesting(of: value, stoppingPast: 64)
        #expect(depth > 64 ? (65...66).contains(bounded) : bounded == depth)
        #expect(OutputLimits.nesting(of: ["a": 1, "b": [[], [[2]]]], stoppingPast: 64) == 4)
    }

    @Test("a configured depth is capped where stored records stay writable")
    func depthCap() {
        #expect(OutputLimits(maxDepth: 10_000).maxDepth == OutputLimits.highestDepth)
    }
}
