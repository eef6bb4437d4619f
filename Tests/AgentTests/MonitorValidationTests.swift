import Agent
import Foundation
import HTTPTypes
import Testing
import Workflow

@Suite("Monitor trigger settings validation")
struct MonitorValidationTests {
    /// The issues of a workflow whose only trigger is `trigger` (JSON).
    static func issues(_ trigger: String) throws -> [String] {
        let json = #"""
            {"name": "w", "spec": {"triggers": [\#(trigger)], "steps": [{"name": "S", "actionId": "com.datadoghq.core.noop"}]}}
            """#
        let definition = try JSONDecoder().decode(WorkflowDefinition.self, from: Data(json.utf8))
        return WorkflowValidator(actions: nil).issues(in: definition).map { "\($0.code) \($0.pointer)" }
    }

    @Test(
        "each bad check member is reported at its pointer",
        arguments: [
            (
                #"{"monitorTrigger": {"check": {"interval": "30s"}}}"#,
                ["check.kind /spec/triggers/0/monitorTrigger/check"]
            ),
            (
                #"{"monitorTrigger": {"check": {"tcp": {"host": "db", "port": 5432}, "command": {"argv": ["true"]}}}}"#,
                ["check.kind /spec/triggers/0/monitorTrigger/check"]
            ),
            (
                #"{"monitorTrigger": {"check": {"http": {"url": "ftp://x"}, "interval": "30"}}}"#,
                [
                    "interval.malformed /spec/triggers/0/monitorTrigger/check/interval",
                    "check.url /spec/triggers/0/monitorTrigger/check/http/url",
                ]
            ),
            (
                #"{"monitorTrigger": {"check": {"http": {"url": "http://127.0.0.1/h", "expectStatus": 42, "bodyContains": ""}}}}"#,
                [
                    "check.status /spec/triggers/0/monitorTrigger/check/http/expectStatus",
                    "check.bodyContains /spec/triggers/0/monitorTrigger/check/http/bodyContains",
                ]
            ),
            (
                #"{"monitorTrigger": {"check": {"tcp": {"host": " ", "port": 70000}, "failuresBeforeAlert": 0}}}"#,
                [
                    "check.failures /spec/triggers/0/monitorTrigger/check/failuresBeforeAlert",
                    "check.host /spec/triggers/0/monitorTrigger/check/tcp/host",
                    "check.port /spec/triggers/0/monitorTrigger/check/tcp/port",
                ]
            ),
            (
                #"{"monitorTrigger": {"check": {"command": {"argv": []}}}}"#,
                ["check.argv /spec/triggers/0/monitorTrigger/check/command/argv"]
            ),
            (
                #"{"monitorTrigger": {"check": {"command": {"argv": ["true"]}, "interval": "10s", "timeout": "20s"}}}"#,
                ["check.timeout /spec/triggers/0/monitorTrigger/check/timeout"]
            ),
            (
                #"{"monitorTrigger": {"check": {"http": {"url": "http://a/", "expectedStatus": 200}, "every": "5s"}}}"#,
                [
                    "check.member /spec/triggers/0/monitorTrigger/check/every",
                    "check.member /spec/triggers/0/monitorTrigger/check/http/expectedStatus",
                ]
            ),
            (
                #"{"apiTrigger": {"notifyOnRecovery": true, "check": {"command": {"argv": ["true"]}}}}"#,
                [
                    "trigger.setting /spec/triggers/0/apiTrigger/notifyOnRecovery",
                    "trigger.setting /spec/triggers/0/apiTrigger/check",
                ]
            ),
            (
                #"{"monitorTrigger": {"notifyOnRecovery": true, "check": {"command": {"argv": ["systemctl", "is-active", "nginx"]}, "interval": "30s", "timeout": "5s", "failuresBeforeAlert": 3}}}"#,
                []
            ),
        ])
    func pointers(trigger: String, expected: [String]) throws {
        #expect(try Self.issues(trigger).sorted() == expected.sorted())
    }

    @Test("the monitor settings round-trip and default sensibly")
    func roundTrip() throws {
        let json =
            #"{"notifyOnRecovery":true,"check":{"tcp":{"host":"db","port":5432},"interval":"20s","timeout":"60s"}}"#
        let settings = try JSONDecoder().decode(TriggerSettings.self, from: Data(json.utf8))
        #expect(settings.notifyOnRecovery == true)
        let check = try #require(settings.check)
        #expect(check.tcp == MonitorCheck.TCPProbe(host: "db", port: 5432))
        #expect(check.intervalSeconds == 20)
        #expect(check.timeoutSeconds == 20)
        #expect(check.threshold == 1)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let again = try JSONDecoder().decode(TriggerSettings.self, from: encoder.encode(settings))
        #expect(again == settings)
        #expect(MonitorCheck().intervalSeconds == 60)
        #expect(MonitorCheck().timeoutSeconds == 10)
    }

    @Test("the API answers 422 with pointers into the request body")
    func throughTheAPI() async throws {
        try await AgentHarness.run { agent in
            let body = #"""
                {"data": {"type": "workflows", "attributes": {"name": "Checked", "spec": {
                  "triggers": [{"monitorTrigger": {"check": {"tcp": {"host": "db", "port": 0}}}}],
                  "steps": [{"name": "S", "actionId": "com.datadoghq.core.noop"}]}}}}
                """#
            let reply = try await agent.send(.post, "/api/v2/workflows", json: body)
            #expect(reply.status == 422)
            #expect(
                reply.errors == [
                    "/data/attributes/spec/triggers/0/monitorTrigger/check/tcp/port: port must be from 1 to 65535, "
                        + "found 0"
                ])
            let noURL = try await agent.send(
                .post, "/api/v2/workflows", json: body.replacingOccurrences(of: #""host": "db", "port": 0"#, with: ""))
            #expect(noURL.status == 400)
            #expect(
                noURL.errors.first?.hasPrefix("/data/attributes/spec/triggers/0/monitorTrigger/check/tcp/host: ")
                    == true)
        }
    }
}
