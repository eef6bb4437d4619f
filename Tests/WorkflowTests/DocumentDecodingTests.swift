import Foundation
import Testing

@testable import Workflow

@Suite("Decoding workflow files")
struct DocumentDecodingTests {
    @Test("a YAML file decodes like its JSON twin, keeping quoted numbers and 3600s as strings")
    func yamlMatchesJSON() throws {
        let yaml = """
            name: nightly
            published: false
            tags: [team:ops]
            spec:
              steps:
                - name: Check
                  actionId: sundial.shell
                  parameters:
                    - name: argv
                      value: ["/bin/true"]
                    - name: code
                      value: "42"
                    - name: count
                      value: 42
                    - name: ratio
                      value: 0.5
                    - name: nothing
                      value: null
              triggers:
                - scheduleTrigger:
                    rruleExpression: "FREQ=DAILY;BYHOUR=3"
                  startStepNames: [Check]
                - apiTrigger:
                    rateLimit: {count: 1, interval: 3600s}
            """
        let json = """
            {"name": "nightly", "published": false, "tags": ["team:ops"], "spec": {
              "steps": [{"name": "Check", "actionId": "sundial.shell", "parameters": [
                {"name": "argv", "value": ["/bin/true"]}, {"name": "code", "value": "42"},
                {"name": "count", "value": 42}, {"name": "ratio", "value": 0.5}, {"name": "nothing", "value": null}]}],
              "triggers": [{"scheduleTrigger": {"rruleExpression": "FREQ=DAILY;BYHOUR=3"}, "startStepNames": ["Check"]},
                {"apiTrigger": {"rateLimit": {"count": 1, "interval": "3600s"}}}]}}
            """
        let fromYAML = try WorkflowDocument.decode(data: Data(yaml.utf8), format: .yaml)
        let fromJSON = try WorkflowDocument.decode(data: Data(json.utf8), format: .json)
        #expect(fromYAML == fromJSON)
        #expect(fromYAML.workflow.spec.steps?.first?.parameterValues["code"] == "42")
        #expect(fromYAML.workflow.spec.steps?.first?.parameterValues["count"] == 42)
    }

    @Test("file names pick the format")
    func formatFromFileName() {
        #expect(WorkflowDocument.Format(fileName: "a.YML") == .yaml)
        #expect(WorkflowDocument.Format(fileName: "a.yaml") == .yaml)
        #expect(WorkflowDocument.Format(fileName: "a.json") == .json)
    }

    @Test("a missing member is reported at its pointer")
    func missingMember() throws {
        let json = #"{"data": {"attributes": {"name": "w", "spec": {"steps": [{"name": "A"}]}}}}"#
        let error = try #require(throws: ValidationError.self) {
            try WorkflowDocument.decode(data: Data(json.utf8), format: .json)
        }
        #expect(error.issues.map(\.pointer) == ["/data/attributes/spec/steps/0/actionId"])
        #expect(error.issues.first?.code == "document.missing")
    }

    @Test("an unknown enumeration value names the accepted ones")
    func badEnumeration() throws {
        let json =
            #"{"name": "w", "spec": {"steps": [{"name": "A", "actionId": "x", "readinessGate": {"thresholdType": "MOST"}}]}}"#
        let error = try #require(throws: ValidationError.self) { try Fixtures.workflow(json) }
        let issue = try #require(error.issues.first)
        #expect(issue.pointer == "/spec/steps/0/readinessGate/thresholdType")
        #expect(issue.message.contains("\"ANY\", \"ALL\""))
    }

    @Test("a trigger with no kind, or two, says which members are accepted")
    func triggerNeedsOneKind() throws {
        for body in [#"{"startStepNames": []}"#, #"{"apiTrigger": {}, "scheduleTrigger": {}}"#] {
            let json = #"{"name": "w", "spec": {"triggers": [\#(body)]}}"#
            let error = try #require(throws: ValidationError.self) { try Fixtures.workflow(json) }
            #expect(error.issues.first?.pointer == "/spec/triggers/0")
            #expect(error.issues.first?.message.contains("scheduleTrigger") == true)
        }
    }

    @Test("text that is not JSON or YAML is a syntax issue at the root")
    func syntaxError() throws {
        let error = try #require(throws: ValidationError.self) {
            try WorkflowDocument.decode(data: Data("{nope".utf8), format: .json)
        }
        #expect(error.issues.first?.code == "document.syntax")
        let yamlError = try #require(throws: ValidationError.self) {
            try WorkflowDocument.decode(data: Data("a: [1, 2".utf8), format: .yaml)
        }
        #expect(yamlError.issues.first?.code == "document.syntax")
    }

    @Test(
        "interval text accepts positive whole seconds ending with s only",
        arguments: [
            ("3600s", Int64?.some(3600)), ("1s", 1), ("0s", nil), ("3600", nil), ("s", nil), ("-5s", nil),
            ("1.5s", nil), ("5m", nil), (" 5s", nil),
        ])
    func intervals(text: String, seconds: Int64?) {
        #expect(IntervalText.seconds(text) == seconds)
    }
}
