import Foundation
import Testing

@testable import Workflow

@Suite("Workflow files and run requests")
struct WorkflowFileTests {
    @Test("a YAML workflow file loads by its extension, validates and runs")
    func yamlFileRuns() async throws {
        let url = try #require(
            Bundle.module.url(
                forResource: "restart-on-alert", withExtension: "yaml",
                subdirectory: "Fixtures"))
        let document = try WorkflowDocument.load(contentsOf: url)
        let workflow = document.workflow
        #expect(WorkflowValidator(descriptors: Descriptors.all).issues(in: workflow) == [])
        #expect(workflow.spec.trigger(.schedule)?.settings.overlapBehavior == .cancelPrevious)
        #expect(workflow.spec.inactiveTriggers.isEmpty)

        let shell = FakeAction("sundial.shell", parameters: Descriptors.shell.parameters) { invocation, _ in
            ActionResult(output: ["status": 0, "argv": invocation.parameters["argv"] ?? .null])
        }
        let harness = EngineHarness([shell, FakeAction.succeeding("com.datadoghq.core.noop")])
        let request = ExecutionRequest(id: "ex-2", workflowID: "wf-2", workflow: workflow, trigger: .monitor)
        let engine = harness.engine
        let execution = await withVirtualTime(harness.clock) { await engine.run(request) }
        #expect(execution.status == .successful)
        #expect(execution.outputs == ["status": 0])
        #expect(shell.invocations.first?.parameters["argv"] == ["systemctl", "restart", "api.service"])
        #expect(execution.step("Page")?.status == .skipped)
    }

    @Test("a file that cannot be read is an issue naming it")
    func unreadableFile() throws {
        let error = try #require(throws: ValidationError.self) {
            try WorkflowDocument.load(contentsOf: URL(fileURLWithPath: "/nonexistent/flow.json"))
        }
        #expect(error.issues.first?.code == "document.read")
        #expect(error.issues.first?.message.contains("/nonexistent/flow.json") == true)
    }

    @Test("inactive trigger kinds are kept and reported")
    func inactiveTriggers() throws {
        let workflow = try Fixtures.workflow(
            """
            {"name": "w", "spec": {"triggers": [{"slackTrigger": {}}, {"apiTrigger": {}}, {"formTrigger": {"formId": "f"}}]}}
            """)
        #expect(workflow.spec.inactiveTriggers.map(\.kind) == [.slack, .form])
        #expect(workflow.spec.trigger(.form)?.settings.formId == "f")
    }

    @Test("the run request body decodes Datadog's meta.payload and the extensions, and round-trips")
    func runRequest() throws {
        let json =
            #"{"meta": {"payload": {"input": "value"}, "callback": "https://example.com/cb", "priority": 2, "logLevel": "debug", "future": 1}}"#
        let request = try JSONDecoder().decode(WorkflowRunRequest.self, from: Data(json.utf8))
        #expect(request.meta.payload == ["input": "value"])
        #expect(request.meta.callback == "https://example.com/cb")
        #expect(request.meta.priority == 2)
        #expect(request.meta.logLevel == .debug)
        #expect(try Fixtures.tree(of: request) == Fixtures.tree(Data(json.utf8)))
        let empty = try JSONDecoder().decode(WorkflowRunRequest.self, from: Data("{}".utf8))
        #expect(empty.meta.payload == nil)
    }
}
