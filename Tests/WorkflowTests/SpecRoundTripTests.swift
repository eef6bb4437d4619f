import Foundation
import RRule
import Testing

@testable import Workflow

@Suite("Spec decoding and round-trip")
struct SpecRoundTripTests {
    @Test("the seed's Create a Workflow body decodes with every field")
    func seedFixtureDecodes() throws {
        let document = try WorkflowDocument.decode(data: Fixtures.createRequest(), format: .json)
        let workflow = document.workflow
        #expect(document.type == "workflows")
        #expect(workflow.name == "Example Workflow")
        #expect(workflow.published == true)
        #expect(workflow.tags == ["team:infra", "service:monitoring", "foo:bar"])
        let spec = workflow.spec
        #expect(spec.connectionEnvs?.first?.connections?.first?.label == "INTEGRATION_DATADOG")
        #expect(spec.inputSchema?.parameters?.first?.type == .string)
        #expect(spec.inputSchema?.parameters?.first?.defaultValue == "default")
        #expect(spec.outputSchema?.parameters?.first?.type == .arrayObject)
        #expect(spec.steps?.map(\.name) == ["Step1", "Step2"])
        #expect(spec.steps?.first?.outboundEdges == [OutboundEdge(branchName: "main", nextStepName: "Step2")])
        #expect(spec.steps?.first?.parameterValues == ["tags": "service:monitoring"])
        #expect(spec.triggers?.map(\.kind) == [.monitor, .githubWebhook])
        #expect(spec.trigger(.monitor)?.settings.rateLimit?.intervalSeconds == 3600)
        #expect(spec.trigger(.githubWebhook)?.startStepNames == ["Step1"])
    }

    @Test("the seed's body round-trips: decode, encode, decode are equal and the JSON trees match")
    func seedFixtureRoundTrips() throws {
        let original = try Fixtures.createRequest()
        let document = try WorkflowDocument.decode(data: original, format: .json)
        let encoded = try document.encodedJSON()
        let again = try WorkflowDocument.decode(data: encoded, format: .json)
        #expect(again == document)
        #expect(try Fixtures.tree(encoded) == Fixtures.tree(original))
    }

    @Test("the seed's Get a Workflow response (placeholders made concrete) keeps ids, timestamps and relationships")
    func seedResponseRoundTrips() throws {
        let original = try Fixtures.data("get-workflow-response.json")
        let document = try WorkflowDocument.decode(data: original, format: .json)
        #expect(document.id == "string")
        #expect(document.workflow.createdAt == "2019-09-19T10:00:00.000Z")
        #expect(document.workflow.webhookSecret == "string")
        #expect(document.relationships?["owner"]?["data"]?["type"] == "users")
        #expect(document.workflow.spec.annotations?.first?.display.bounds?.width == 300)
        #expect(document.workflow.spec.inputSchema?.parameters?.first?.allowedValues == "undefined")
        #expect(try Fixtures.tree(document.encodedJSON()) == Fixtures.tree(original))
    }

    @Test("members the spec does not model are kept at every level, including nulls")
    func unknownMembersRoundTrip() throws {
        let json = """
            {"data": {"type": "workflows", "future": 1, "attributes": {
              "name": "w", "description": null, "newTop": {"a": [1, 2.5, "x"]},
              "spec": {"handle": "h", "newSpec": true, "timeout": "600s",
                "annotations": [{"id": "a1", "display": {"bounds": {"x": 1.5, "y": 2, "width": 3, "height": 4},
                  "z": 0}, "markdownTextAnnotation": {"text": "hi", "color": "red"}}],
                "connectionEnvs": [{"env": "default", "connectionGroups": [{"connectionGroupId": "g",
                  "label": "G", "tags": ["t"], "more": 1}]}],
                "steps": [{"name": "A", "actionId": "x", "timeout": "30s", "newStep": "s",
                  "display": {"bounds": {"x": 10, "y": 20}},
                  "readinessGate": {"thresholdType": "ALL", "k": 1},
                  "completionGate": {"completionCondition": {"operand1": "{{ Steps.A.output.s }}",
                    "operator": "OPERATOR_IS_NOT_NULL", "c": 2},
                    "retryStrategy": {"kind": "RETRY_STRATEGY_LINEAR", "linear": {"interval": "5s",
                      "maxRetries": 3, "l": 1}}},
                  "errorHandlers": [{"fallbackStepName": "B", "retryStrategy": {"kind": "RETRY_STRATEGY_EXPONENTIAL",
                    "exponential": {"initialInterval": "1s", "maxRetries": 4, "multiplier": 3, "maxInterval": "60s",
                      "jitter": 0.5}}, "h": null}],
                  "outboundEdges": [{"branchName": "main", "nextStepName": "B", "e": 1}],
                  "parameters": [{"name": "p", "value": null, "q": 1}]},
                  {"name": "B", "actionId": "y"}],
                "triggers": [{"scheduleTrigger": {"rruleExpression": "FREQ=DAILY", "overlapBehavior": "BUFFER_ONE",
                  "catchUp": "all", "catchUpWindow": "86400s", "jitter": "30s",
                  "dstPolicy": {"gap": "skip", "overlap": "both"}, "s": 1}, "startStepNames": ["A"], "t": 2}]}}}}
            """
        let document = try WorkflowDocument.decode(data: Data(json.utf8), format: .json)
        let step = try #require(document.workflow.spec.steps?.first)
        #expect(step.extra == ["newStep": "s"])
        #expect(step.timeout == "30s")
        #expect(step.readinessGate?.thresholdType == .all)
        #expect(step.errorHandlers?.first?.retryStrategy.exponential?.multiplier == 3)
        #expect(step.parameters?.first?.value == .null)
        let schedule = try #require(document.workflow.spec.trigger(.schedule)?.settings)
        #expect(schedule.overlapBehavior == .bufferOne)
        #expect(schedule.catchUp == .all)
        #expect(schedule.dstPolicy?.policy.gap == .skip)
        #expect(document.workflow.extra["description"] == .null)
        #expect(try Fixtures.tree(document.encodedJSON()) == Fixtures.tree(Data(json.utf8)))
        let again = try WorkflowDocument.decode(data: document.encodedJSON(), format: .json)
        #expect(again == document)
    }

    @Test("all 19 trigger kinds parse and round-trip", arguments: TriggerKind.allCases)
    func triggerKindRoundTrips(kind: TriggerKind) throws {
        let json = """
            {"name": "w", "spec": {"steps": [{"name": "A", "actionId": "x"}],
              "triggers": [{"\(kind.rawValue)": {"rateLimit": {"count": 2, "interval": "60s"}, "formId": "f"},
                "startStepNames": ["A"]}]}}
            """
        let workflow = try Fixtures.workflow(json)
        let trigger = try #require(workflow.spec.triggers?.first)
        #expect(trigger.kind == kind)
        #expect(trigger.settings.rateLimit?.count == 2)
        #expect(trigger.startStepNames == ["A"])
        let expectedActive: Set<TriggerKind> = [.schedule, .monitor, .githubWebhook, .api, .workflow]
        #expect(trigger.isActive == expectedActive.contains(kind))
        #expect(try Fixtures.tree(of: workflow) == Fixtures.tree(Data(json.utf8)))
    }

    @Test("there are exactly 19 trigger kinds, as the seed says")
    func nineteenKinds() {
        #expect(TriggerKind.allCases.count == 19)
        #expect(Set(TriggerKind.allCases.map(\.rawValue)).count == 19)
    }
}
