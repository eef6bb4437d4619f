import Foundation
import Testing

@testable import Workflow

/// Unknown members and step parameters, each reported with the nearest known name.
@Suite("Workflow validation: unknown members")
struct ValidationMembersTests {
    static let shell = ActionDescriptor(
        id: "sundial.shell", description: "Runs a program.",
        parameters: [
            ActionParameter(name: "command", type: "array", required: true, description: "The argument vector."),
            ActionParameter(name: "timeout", type: "integer", defaultValue: 30, description: "Seconds."),
        ])
    static let validator = WorkflowValidator(descriptors: [shell, Descriptors.noop])

    /// A workflow with `top` spliced into its attributes, `spec` into its spec, `trigger` as its only trigger and
    /// `step` as the members of its only step.
    static func workflow(
        top: String = "", spec: String = "", trigger: String = #"{"workflowTrigger": {}}"#,
        step: String = #""actionId": "com.datadoghq.core.noop""#
    ) throws -> WorkflowDefinition {
        try Fixtures.workflow(
            """
            {"name": "w", "published": true, \(top) "spec": {\(spec) "triggers": [\(trigger)],
              "steps": [{"name": "S", \(step)}]}}
            """)
    }

    @Test(
        "each misspelt member is reported at its pointer with the nearest name",
        arguments: [
            (#""publised": true,"#, "", #"{"workflowTrigger": {}}"#, "", "/publised", "published"),
            ("", #""timout": "60s","#, #"{"workflowTrigger": {}}"#, "", "/spec/timout", "timeout"),
            (
                "", "", #"{"scheduleTrigger": {"rruleExpression": "FREQ=DAILY", "overlapBehaviour": "EXCLUSIVE_RUN"}}"#,
                "", "/spec/triggers/0/scheduleTrigger/overlapBehaviour", "overlapBehavior"
            ),
            (
                "", "", #"{"scheduleTrigger": {"rruleExpression": "FREQ=DAILY", "catchup": "all"}}"#, "",
                "/spec/triggers/0/scheduleTrigger/catchup", "catchUp"
            ),
            (
                "", "", #"{"workflowTrigger": {}, "startStepName": ["S"]}"#, "", "/spec/triggers/0/startStepName",
                "startStepNames"
            ),
            (
                "", "", #"{"apiTrigger": {"rateLimit": {"count": 1, "intervall": "60s"}}}"#, "",
                "/spec/triggers/0/apiTrigger/rateLimit/intervall", "interval"
            ),
            ("", "", #"{"workflowTrigger": {}}"#, #""timeOut": "5s","#, "/spec/steps/0/timeOut", "timeout"),
            (
                "", "", #"{"workflowTrigger": {}}"#, #""readinessGate": {"thresholdType": "ALL", "treshold": 1},"#,
                "/spec/steps/0/readinessGate/treshold", nil
            ),
            (
                "", #""inputSchema": {"parameters": [{"name": "x", "type": "STRING", "defualtValue": "y"}]},"#,
                #"{"workflowTrigger": {}}"#, "", "/spec/inputSchema/parameters/0/defualtValue", "defaultValue"
            ),
        ] as [(String, String, String, String, String, String?)])
    func misspelt(top: String, spec: String, trigger: String, step: String, pointer: String, nearest: String?) throws {
        let workflow = try Self.workflow(
            top: top, spec: spec, trigger: trigger,
            step: step + #" "actionId": "com.datadoghq.core.noop""#)
        let issues = Self.validator.memberIssues(in: workflow)
        #expect(issues.map(\.pointer) == [pointer])
        #expect(issues.map(\.code) == ["member.unknown"])
        let message = try #require(issues.first?.message)
        if let nearest {
            #expect(message.contains("did you mean \"\(nearest)\"?"), "\(message)")
        } else {
            #expect(!message.contains("did you mean"), "\(message)")
        }
    }

    @Test("a step parameter the action does not take names the one it probably meant")
    func unknownParameter() throws {
        let workflow = try Self.workflow(
            step: #""actionId": "sundial.shell", "parameters": [{"name": "comand", "value": ["true"]}]"#)
        let issues = Self.validator.memberIssues(in: workflow)
        #expect(issues.map(\.pointer) == ["/spec/steps/0/parameters/0/name"])
        #expect(issues.map(\.code) == ["action.parameterUnknown"])
        #expect(issues.first?.message.contains("did you mean \"command\"?") == true)
        #expect(issues.first?.message.contains("it takes \"command\", \"timeout\"") == true)
    }

    @Test("known members, null values of known members and // comments are not reported")
    func knownMembersPass() throws {
        let workflow = try Self.workflow(
            top: #""description": null, "//": "a comment", "tags": ["a"],"#,
            spec: #""timeout": "60s", "handle": "h","#,
            trigger:
                #"{"scheduleTrigger": {"rruleExpression": "FREQ=DAILY", "catchUp": "all", "jitter": "5s"}, "startStepNames": ["S"]}"#,
            step:
                #""actionId": "sundial.shell", "parameters": [{"name": "command", "value": ["true"]}], "timeout": "5s""#
        )
        #expect(Self.validator.memberIssues(in: workflow) == [])
    }

    @Test("an action without a parameter list (a plugin with no descriptor) takes any parameter")
    func undescribedAction() throws {
        let plugin = ActionDescriptor(id: "example.plugin", description: "A plugin without a descriptor file.")
        let workflow = try Self.workflow(
            step: #""actionId": "example.plugin", "parameters": [{"name": "x", "value": 1}]"#)
        #expect(WorkflowValidator(descriptors: [plugin]).memberIssues(in: workflow) == [])
    }

    @Test(
        "the nearest name",
        arguments: [
            ("publised", "published"), ("overlapBehaviour", "overlapBehavior"), ("catchup", "catchUp"),
            ("startStepName", "startStepNames"), ("comand", "command"), ("worker", "workers"),
            ("tiemout", "timeout"), ("zzz", nil),
        ] as [(String, String?)])
    func nearest(name: String, expected: String?) {
        let known = [
            "published", "overlapBehavior", "catchUp", "startStepNames", "command", "workers", "timeout", "name",
        ]
        #expect(NearestName.nearest(to: name, in: known) == expected)
    }

    @Test("the distance counts a swap of neighbours as one edit and ignores case")
    func distance() {
        #expect(NearestName.distance("tiemout", "timeout") == 1)
        #expect(NearestName.distance("catchup", "catchUp") == 0)
        #expect(NearestName.distance("kitten", "sitting") == 3)
        #expect(NearestName.distance("", "abc") == 3)
    }
}
