import Actions
import Agent
import Foundation
import Testing
import Workflow

/// An output past the limits fails its step where it enters the engine; the run ends and reads back over the API.
@Suite("Agent: action outputs past the limits fail their step and the run stays readable")
struct ActionOutputLimitTests {
    /// Answers arrays nested `depth` deep, or a string of `bytes` bytes.
    struct ShapedOutput: Action {
        let descriptor = ActionDescriptor(
            id: "test.shaped", description: "Answers a deep or large output.",
            parameters: [
                ActionParameter(name: "depth", type: "integer", defaultValue: 0, description: "nesting"),
                ActionParameter(name: "bytes", type: "integer", defaultValue: 0, description: "string size"),
            ])

        func run(_ invocation: ActionInvocation) async throws -> ActionResult {
            let bytes = Int(invocation.parameters["bytes"]?.intValue ?? 0)
            var value: JSONValue = .string(String(repeating: "x", count: bytes))
            for _ in 0..<(invocation.parameters["depth"]?.intValue ?? 0) { value = .array([value]) }
            return ActionResult(output: ["body": value])
        }
    }

    static var registry: ActionRegistry {
        var registry = ActionRegistry.builtIns()
        registry.register(ShapedOutput())
        return registry
    }

    @Test(
        "depth 70, 600 and 2 MB outputs fail the step with their code; the run ends Failed and GET answers 200",
        arguments: [(70, 0, "output.tooDeep"), (600, 0, "output.tooDeep"), (0, 2 << 20, "output.tooLarge")])
    func refused(depth: Int, bytes: Int, code: String) async throws {
        try await AgentHarness.run(registry: Self.registry) { agent in
            let id = try await agent.createWorkflow(
                Samples.workflow(
                    name: "Shaped",
                    steps: #"""
                        [{"name": "Call", "actionId": "test.shaped", "parameters": [
                          {"name": "depth", "value": \#(depth)}, {"name": "bytes", "value": \#(bytes)}]}]
                        """#))
            let instance = try await agent.runToEnd(id)
            let attributes = try #require(instance["data"]?["attributes"])
            #expect(attributes["status"] == "Failed")
            #expect(attributes["steps"]?[0]?["error"]?["code"]?.stringValue == code)
            let text = try instance.jsonText()
            #expect(text.contains(code))
            #expect(!text.contains("xxxxxxxxxx"))
        }
    }
}
