import Foundation
import Testing

@testable import Workflow

@Suite("Workflow validation")
struct ValidationTests {
    @Test("the seed's Create a Workflow body validates once its actions exist")
    func seedFixtureValidates() throws {
        let document = try WorkflowDocument.decode(data: Fixtures.createRequest(), format: .json)
        let validator = WorkflowValidator(descriptors: Descriptors.all)
        #expect(validator.issues(in: document.workflow) == [])
        let withoutActions = WorkflowValidator(descriptors: [Descriptors.noop])
        #expect(withoutActions.issues(in: document.workflow).map(\.code) == ["action.unknown"])
    }

    @Test("every problem is returned at once, each at its pointer")
    func everyProblemAtOnce() throws {
        let workflow = try Fixtures.workflow(
            """
            {"name": "broken", "spec": {
              "timeout": "1h", "callback": "ftp://example.com/done",
              "steps": [
                {"name": "A", "actionId": "sundial.shell", "parameters": [{"name": "timeout", "value": "x"}],
                 "outboundEdges": [{"branchName": "main", "nextStepName": "B"},
                                   {"branchName": "main", "nextStepName": "Nope"}]},
                {"name": "B", "actionId": "com.datadoghq.core.noop", "timeout": "10",
                 "outboundEdges": [{"branchName": "main", "nextStepName": "A"}],
                 "errorHandlers": [{"fallbackStepName": "Gone", "retryStrategy": {"kind": "RETRY_STRATEGY_LINEAR",
                   "linear": {"interval": "3600", "maxRetries": 2.5}}}]},
                {"name": "C", "actionId": "made.up", "parameters": [{"name": "x", "value": "{{ Steps.Zed.output }}"}]},
                {"name": "D", "actionId": "com.datadoghq.core.noop", "outboundEdges": [{"branchName": "main", "nextStepName": "E"}]},
                {"name": "E", "actionId": "com.datadoghq.core.noop",
                 "completionGate": {"completionCondition": {"operand1": "{{ Steps.E.output.x", "operator": "OPERATOR_EQUAL"},
                   "retryStrategy": {"kind": "RETRY_STRATEGY_LINEAR", "linear": {"interval": "5s", "maxRetries": 1}}}}
              ],
              "triggers": [
                {"scheduleTrigger": {"rruleExpression": "FREQ=SOMETIMES"}, "startStepNames": ["A", "Missing"]},
                {"apiTrigger": {"rateLimit": {"count": 0, "interval": "60"}}, "startStepNames": ["D"]},
                {"scheduleTrigger": {"rruleExpression": "FREQ=DAILY"}, "startStepNames": ["A"]},
                {"monitorTrigger": {"jitter": "5s"}, "startStepNames": ["D"]}
              ]}}
            """)
        let validator = WorkflowValidator(
            descriptors: Descriptors.all,
            scheduleValidator: { text in
                text.contains("SOMETIMES") ? "FREQ must be one of SECONDLY…YEARLY, found SOMETIMES" : nil
            })
        let issues = validator.issues(in: workflow)
        let found = Set(issues.map { "\($0.code) \($0.pointer)" })
        let expected: Set<String> = [
            "interval.malformed /spec/timeout",
            "callback.url /spec/callback",
            "trigger.startStep /spec/triggers/0/startStepNames/1",
            "trigger.rrule /spec/triggers/0/scheduleTrigger/rruleExpression",
            "trigger.rateLimit /spec/triggers/1/apiTrigger/rateLimit/count",
            "interval.malformed /spec/triggers/1/apiTrigger/rateLimit/interval",
            "trigger.duplicate /spec/triggers/2",
            "trigger.setting /spec/triggers/3/monitorTrigger/jitter",
            "action.parameterMissing /spec/steps/0/parameters",
            "action.parameterType /spec/steps/0/parameters/0/value",
            "interval.malformed /spec/steps/1/timeout",
            "interval.malformed /spec/steps/1/errorHandlers/0/retryStrategy/linear/interval",
            "retry.settings /spec/steps/1/errorHandlers/0/retryStrategy/linear/maxRetries",
            "action.unknown /spec/steps/2/actionId",
            "template.step /spec/steps/2/parameters/0/value",
            "step.condition /spec/steps/4/completionGate/completionCondition/operand2",
            "template.syntax /spec/steps/4/completionGate/completionCondition/operand1",
            "graph.missingStep /spec/steps/0/outboundEdges/1/nextStepName",
            "graph.missingStep /spec/steps/1/errorHandlers/0/fallbackStepName",
            "graph.cycle /spec/steps/1/outboundEdges/0/nextStepName",
            "graph.unreachable /spec/steps/2",
        ]
        #expect(found == expected)
        #expect(issues.count == expected.count)
        #expect(throws: ValidationError.self) { try validator.validate(workflow) }
    }

    @Test("messages say what would be accepted")
    func messagesNameTheFix() throws {
        let workflow = try Fixtures.workflow(
            """
            {"name": "w", "spec": {"steps": [
              {"name": "A", "actionId": "acme.deploy", "outboundEdges": [{"branchName": "main", "nextStepName": "B"}]},
              {"name": "B", "actionId": "sundial.shell", "outboundEdges": [{"branchName": "main", "nextStepName": "A"}]}],
              "triggers": [{"workflowTrigger": {}, "startStepNames": ["A"]},
                           {"apiTrigger": {"rateLimit": {"count": 1, "interval": "3600"}}}]}}
            """)
        let issues = WorkflowValidator(descriptors: Descriptors.all).issues(in: workflow)
        let unknown = try #require(issues.first { $0.code == "action.unknown" })
        #expect(
            unknown.message.contains("com.datadoghq.core.noop, com.datadoghq.dd.monitor.listMonitors, sundial.shell"))
        #expect(unknown.message.contains("executable named \"acme.deploy\""))
        let missing = try #require(issues.first { $0.code == "action.parameterMissing" })
        #expect(missing.message.contains("\"argv\" (array)"))
        let cycle = try #require(issues.first { $0.code == "graph.cycle" })
        #expect(cycle.message.contains("A → B → A"))
        #expect(cycle.pointer == "/spec/steps/1/outboundEdges/0/nextStepName")
        let interval = try #require(issues.first { $0.code == "interval.malformed" })
        #expect(interval.message.contains("\"3600s\""))
    }

    @Test("a workflow without triggers or with a schedule without a rule is told how to fix it")
    func triggerRequirements() throws {
        let none = try Fixtures.workflow(#"{"name": "w", "spec": {"steps": [{"name": "A", "actionId": "x"}]}}"#)
        #expect(WorkflowValidator().issues(in: none).map(\.pointer) == ["/spec/triggers"])
        let schedule = try Fixtures.workflow(#"{"name": "w", "spec": {"triggers": [{"scheduleTrigger": {}}]}}"#)
        #expect(WorkflowValidator().issues(in: schedule).map(\.code) == ["trigger.rrule"])
    }

    @Test("steps reached only through a fallback are reachable; a step only a dead branch reaches is too")
    func fallbackReachability() throws {
        let workflow = try Fixtures.workflow(
            """
            {"name": "w", "spec": {"steps": [
              {"name": "A", "actionId": "x", "outboundEdges": [{"branchName": "other", "nextStepName": "C"}],
               "errorHandlers": [{"fallbackStepName": "B", "retryStrategy": {"kind": "RETRY_STRATEGY_LINEAR",
                 "linear": {"interval": "1s", "maxRetries": 0}}}]},
              {"name": "B", "actionId": "x"}, {"name": "C", "actionId": "x"}],
              "triggers": [{"workflowTrigger": {}}]}}
            """)
        #expect(WorkflowValidator().issues(in: workflow) == [])
    }

    @Test("start steps: the trigger's, else apiTrigger's then workflowTrigger's for manual runs, else the roots")
    func startSteps() throws {
        let workflow = try Fixtures.workflow(
            """
            {"name": "w", "spec": {"steps": [
              {"name": "A", "actionId": "x", "outboundEdges": [{"branchName": "main", "nextStepName": "B"}]},
              {"name": "B", "actionId": "x"}, {"name": "C", "actionId": "x"}],
              "triggers": [{"workflowTrigger": {}, "startStepNames": ["C"]}, {"monitorTrigger": {}},
                           {"scheduleTrigger": {"rruleExpression": "FREQ=DAILY"}, "startStepNames": ["B"]}]}}
            """)
        let spec = workflow.spec
        let graph = StepGraph(spec: spec)
        #expect(graph.startStepNames(for: nil, in: spec) == ["C"])
        #expect(graph.startStepNames(for: .schedule, in: spec) == ["B"])
        #expect(graph.startStepNames(for: .monitor, in: spec) == ["A", "C"])
        var withAPI = spec
        withAPI.triggers?.append(Trigger(kind: .api, startStepNames: ["A"]))
        #expect(graph.startStepNames(for: nil, in: withAPI) == ["A"])
    }

    @Test("a step's templates may read only the steps that lead to it; its gate may read itself")
    func templateOrder() throws {
        let workflow = try Fixtures.workflow(
            """
            {"name": "w", "spec": {"triggers": [{"workflowTrigger": {}, "startStepNames": ["A"]}], "steps": [
              {"name": "A", "actionId": "x", "parameters": [{"name": "p", "value": "{{ Steps.B.output }}"}],
               "outboundEdges": [{"branchName": "main", "nextStepName": "B"}, {"branchName": "main", "nextStepName": "C"}],
               "errorHandlers": [{"fallbackStepName": "F", "retryStrategy": {"kind": "RETRY_STRATEGY_LINEAR",
                 "linear": {"interval": "1s", "maxRetries": 1}}}]},
              {"name": "B", "actionId": "x", "parameters": [{"name": "p", "value": "{{ Steps.A.output }} {{ Steps.C.output }}"}],
               "completionGate": {"completionCondition": {"operand1": "{{ Steps.B.output.done }}", "operator": "OPERATOR_IS_NOT_NULL"},
                 "retryStrategy": {"kind": "RETRY_STRATEGY_LINEAR", "linear": {"interval": "1s", "maxRetries": 1}}}},
              {"name": "C", "actionId": "x"},
              {"name": "F", "actionId": "x", "parameters": [{"name": "why", "value": "{{ Steps.A.error.message }}"}]}]}}
            """)
        let issues = WorkflowValidator().issues(in: workflow)
        #expect(
            issues.map { "\($0.code) \($0.pointer)" } == [
                "template.order /spec/steps/0/parameters/0/value", "template.order /spec/steps/1/parameters/0/value",
            ])
        #expect(issues.last?.message.contains("\"C\", which does not run before \"B\"") == true)
    }
}
