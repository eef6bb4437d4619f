import Foundation
import Testing

@testable import Workflow

/// Triggers that can never start a run (problems) and workflows that run other than their author expects
/// (warnings).
@Suite("Workflow validation: triggers that cannot fire, and warnings")
struct ValidationFiringTests {
    static let validator = WorkflowValidator(descriptors: Descriptors.all)

    static func workflow(published: String = "true", inputs: String = "[]", triggers: String, handle: String = "")
        throws -> WorkflowDefinition
    {
        try Fixtures.workflow(
            """
            {"name": "w", \(published.isEmpty ? "" : "\"published\": \(published),") "spec": {\(handle)
              "inputSchema": {"parameters": \(inputs)}, "triggers": [\(triggers)],
              "steps": [{"name": "S", "actionId": "com.datadoghq.core.noop"}]}}
            """)
    }

    static let needsHost = #"[{"name": "host", "type": "STRING"}, {"name": "n", "type": "NUMBER", "defaultValue": 1}]"#

    @Test(
        "an automatic trigger of a workflow with an input without a default can never start a run",
        arguments: [
            (
                #"{"scheduleTrigger": {"rruleExpression": "FREQ=DAILY"}}"#,
                ["trigger.input /spec/triggers/0/scheduleTrigger"]
            ),
            (#"{"monitorTrigger": {}}"#, ["trigger.input /spec/triggers/0/monitorTrigger"]),
            (#"{"githubWebhookTrigger": {}}"#, ["trigger.input /spec/triggers/0/githubWebhookTrigger"]),
            (#"{"apiTrigger": {}}"#, []),
            (#"{"workflowTrigger": {}}"#, []),
        ])
    func requiredInput(trigger: String, expected: [String]) throws {
        let workflow = try Self.workflow(inputs: Self.needsHost, triggers: trigger, handle: #""handle": "h","#)
        let issues = Self.validator.issues(in: workflow)
        #expect(issues.map { "\($0.code) \($0.pointer)" } == expected)
        if let issue = issues.first {
            #expect(issue.message.contains("\"host\"") && !issue.message.contains("\"n\""), "\(issue.message)")
        }
    }

    @Test("every input with a default lets a schedule start runs")
    func defaultsSuffice() throws {
        let inputs = #"[{"name": "host", "type": "STRING", "defaultValue": "db"}]"#
        let workflow = try Self.workflow(
            inputs: inputs, triggers: #"{"scheduleTrigger": {"rruleExpression": "FREQ=DAILY"}}"#)
        #expect(Self.validator.issues(in: workflow) == [])
    }

    @Test(
        "a schedule that never matches a date is a problem",
        arguments: [
            ("0 0 30 2 *", true), ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", true),
            ("DTSTART:20250101T000000Z\nRRULE:FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=4", true),
            ("0 0 29 2 *", false), ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", false), ("*/5 * * * *", false),
        ])
    func neverMatches(expression: String, never: Bool) throws {
        let trigger =
            #"{"scheduleTrigger": {"rruleExpression": "\#(expression.replacingOccurrences(of: "\n", with: "\\n"))"}}"#
        let issues = Self.validator.issues(in: try Self.workflow(triggers: trigger))
        if never {
            #expect(issues.map(\.pointer) == ["/spec/triggers/0/scheduleTrigger/rruleExpression"])
            #expect(issues.first?.message.contains("never matches a date") == true, "\(issues)")
        } else {
            #expect(issues == [])
        }
    }

    @Test("a check whose target the outbound policy refuses is a problem at the probe's pointer")
    func refusedCheckTarget() throws {
        var validator = Self.validator
        validator.checkTargetProblem = { check in
            check.http?.url.contains("127.0.0.1") == true ? "refusing to connect to '127.0.0.1': loopback" : nil
        }
        let refused = try Self.workflow(
            triggers: #"{"monitorTrigger": {"check": {"http": {"url": "http://127.0.0.1/h"}}}}"#)
        let issues = validator.issues(in: refused)
        #expect(
            issues.map { "\($0.code) \($0.pointer)" } == ["check.target /spec/triggers/0/monitorTrigger/check/http/url"]
        )
        #expect(issues.first?.message.contains("remediation") == true)
        let allowed = try Self.workflow(
            triggers: #"{"monitorTrigger": {"check": {"http": {"url": "http://example.com/h"}}}}"#)
        #expect(validator.issues(in: allowed) == [])
    }

    @Test(
        "automatic triggers of an unpublished workflow are a warning",
        arguments: [
            ("false", #"{"scheduleTrigger": {"rruleExpression": "FREQ=DAILY"}}"#, ["workflow.unpublished /published"]),
            ("", #"{"monitorTrigger": {}}"#, ["workflow.unpublished /published"]),
            ("true", #"{"scheduleTrigger": {"rruleExpression": "FREQ=DAILY"}}"#, []),
            ("false", #"{"apiTrigger": {}}, {"workflowTrigger": {}}"#, []),
        ])
    func unpublished(published: String, triggers: String, expected: [String]) throws {
        let workflow = try Self.workflow(published: published, triggers: triggers, handle: #""handle": "h","#)
        let warnings = Self.validator.warnings(in: workflow)
        #expect(warnings.map { "\($0.code) \($0.pointer)" } == expected)
        #expect(Self.validator.issues(in: workflow) == [])
    }

    @Test("a monitorTrigger with neither a check nor a handle is a warning")
    func unroutedMonitor() throws {
        let workflow = try Self.workflow(triggers: #"{"monitorTrigger": {}}"#)
        #expect(Self.validator.warnings(in: workflow).map(\.code) == ["trigger.unrouted"])
        let routed = try Self.workflow(triggers: #"{"monitorTrigger": {}}"#, handle: #""handle": "db-down","#)
        #expect(Self.validator.warnings(in: routed) == [])
    }

    /// Check → (fails) → Repair, Check → Notify; Repair → Join and Notify → Join; `Join` has `gate`.
    static func join(gate: String, repairFeedsJoin: Bool = true, directFallback: Bool = false) throws
        -> WorkflowDefinition
    {
        let noop = #""actionId": "com.datadoghq.core.noop""#
        let retry =
            #""retryStrategy": {"kind": "RETRY_STRATEGY_LINEAR", "linear": {"interval": "1s", "maxRetries": 0}}"#
        let fallback = directFallback ? "Join" : "Repair"
        return try Fixtures.workflow(
            """
            {"name": "w", "published": true, "spec": {"triggers": [{"workflowTrigger": {}, "startStepNames": ["Check"]}],
              "steps": [
                {"name": "Check", \(noop), "outboundEdges": [{"branchName": "main", "nextStepName": "Notify"}],
                 "errorHandlers": [{"fallbackStepName": "\(fallback)", \(retry)}]},
                {"name": "Repair", \(noop), "outboundEdges": [\(repairFeedsJoin ? #"{"branchName": "main", "nextStepName": "Join"}"# : "")]},
                {"name": "Notify", \(noop), "outboundEdges": [{"branchName": "main", "nextStepName": "Join"}]},
                {"name": "Join", \(noop), "readinessGate": {"thresholdType": "\(gate)"}}
              ]}}
            """)
    }

    @Test("an ALL gate fed by a step that runs only as a fallback is a warning naming both")
    func fallbackJoin() throws {
        let warnings = Self.validator.warnings(in: try Self.join(gate: "ALL"))
        #expect(warnings.map { "\($0.code) \($0.pointer)" } == ["graph.fallbackJoin /spec/steps/3/readinessGate"])
        let message = try #require(warnings.first?.message)
        #expect(message.contains("\"Repair\" runs only as the fallback of \"Check\""), "\(message)")
        #expect(message.contains("ends Successful"))
    }

    @Test("an ALL gate entered directly by a fallback is a warning too")
    func directFallbackJoin() throws {
        let warnings = Self.validator.warnings(
            in: try Self.join(gate: "ALL", repairFeedsJoin: false, directFallback: true))
        #expect(warnings.map(\.code) == ["graph.fallbackJoin"])
        #expect(warnings.first?.message.contains("error handler's fallback") == true)
    }

    @Test("an ANY gate, or an ALL gate over steps on every path, is not a warning")
    func healthyJoins() throws {
        #expect(Self.validator.warnings(in: try Self.join(gate: "ANY")) == [])
        #expect(Self.validator.warnings(in: try Self.join(gate: "ALL", repairFeedsJoin: false)) == [])
    }
}
