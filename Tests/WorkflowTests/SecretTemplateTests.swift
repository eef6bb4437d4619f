import Foundation
import Testing
import Workflow

@Suite("Secret references and redaction")
struct SecretTemplateTests {
    @Test func referencesAreFoundInParametersAndTheCallbackWithTheirPointers() throws {
        let spec = WorkflowSpec(
            steps: [
                Step(
                    name: "Call", actionId: "com.datadoghq.http.request",
                    parameters: [
                        StepParameter(name: "url", value: "https://example.com/{{ Trigger.payload.path }}"),
                        StepParameter(
                            name: "headers",
                            value: [
                                "Authorization": "Bearer {{ Secrets.token }}", "X-Other": "{{ Secrets[\"api-key\"] }}",
                            ]),
                    ]),
                Step(
                    name: "Shell", actionId: "sundial.shell",
                    parameters: [StepParameter(name: "env", value: ["PGPASSWORD": "{{ Secrets.db }}"])]),
            ],
            callback: "https://{{ Secrets.hookUser }}@hooks.example.com/done")
        let definition = WorkflowDefinition(name: "W", spec: spec)
        let references = SecretReference.all(in: definition)
        #expect(
            references == [
                SecretReference(name: "token", pointer: "/spec/steps/0/parameters/1/value/Authorization"),
                SecretReference(name: "api-key", pointer: "/spec/steps/0/parameters/1/value/X-Other"),
                SecretReference(name: "db", pointer: "/spec/steps/1/parameters/0/value/PGPASSWORD"),
                SecretReference(name: "hookUser", pointer: "/spec/callback"),
            ])
        #expect(SecretReference.names(in: "{{ Secrets }} {{ Steps.A.output }}").isEmpty)
    }

    @Test func aMissingSecretHasItsOwnCode() throws {
        let template = try Template(parsing: "Bearer {{ Secrets.token }}")
        let error = #expect(throws: TemplateError.self) {
            _ = try template.render(in: TemplateContext(secrets: ["other": "x"]), source: "Bearer {{ Secrets.token }}")
        }
        #expect(error?.code == "secret.missing")
        #expect(error?.message.contains("sundial secrets set token") == true)
        #expect(error?.message.contains("other") == false, "other secrets' names are not listed")
    }

    @Test(arguments: [
        ("abc", true), ("_x", true), ("A-b_9", true), ("", false), ("9a", false), ("a.b", false), ("é", false),
        (String(repeating: "a", count: 128), true), (String(repeating: "a", count: 129), false),
    ])
    func secretNames(name: String, valid: Bool) {
        #expect(SecretName.isValid(name) == valid)
    }

    @Test func theRedactorReplacesEveryValueLongestFirst() {
        let redactor = SecretRedactor(values: ["abc", "abcdef", ""])
        #expect(redactor.redact("x abcdef y abc") == "x [secret] y [secret]")
        let value: JSONValue = ["out": ["token=abc", 3], "abcdef": true]
        #expect(redactor.redact(value) == ["out": ["token=[secret]", 3], "[secret]": true])
        var step = StepRun(name: "A", actionId: "sundial.shell", status: .failed)
        step.attempts = [
            StepAttempt(
                number: 1, outcome: .failed, startedAt: Date(timeIntervalSince1970: 0),
                finishedAt: Date(timeIntervalSince1970: 1), input: ["env": ["T": "[secret]"]],
                output: ["stdout": "abcdef\n"], error: StepError(code: "x", message: "saw abc"))
        ]
        step.output = ["stdout": "abcdef\n"]
        step.error = StepError(code: "x", message: "saw abc")
        step.logs = [ExecutionLogLine(time: Date(timeIntervalSince1970: 0), level: .info, message: "abc")]
        let redacted = redactor.redact(step)
        #expect(redacted.output == ["stdout": "[secret]\n"])
        #expect(redacted.attempts[0].output == ["stdout": "[secret]\n"])
        #expect(redacted.attempts[0].error?.message == "saw [secret]")
        #expect(redacted.error?.message == "saw [secret]")
        #expect(redacted.logs[0].message == "[secret]")
    }

    @Test(arguments: [
        ("https://bot:hunter2@example.com/x?y=1", "https://bot:[secret]@example.com/x?y=1"),
        ("https://ghp_token@github.com/o/r.git", "https://[secret]@github.com/o/r.git"),
        ("https://example.com/a@b", "https://example.com/a@b"),
        ("https://hook:{{ Secrets.pw }}@h/x", "https://hook:{{ Secrets.pw }}@h/x"),
        ("not a url: a@b", "not a url: a@b"),
    ])
    func urlPasswords(text: String, shown: String) {
        #expect(CredentialRedaction.url(text) == shown)
    }

    @Test func literalCredentialsAreHiddenAndReferencesKept() {
        let parameters: JSONValue = [
            "headers": [
                "Authorization": "Bearer abc123", "X-Api-Key": "k-1", "Accept": "application/json",
                "X-Token": "Bearer {{ Secrets.token }}", "Cookie": "{{ Trigger.payload.c }}",
            ],
            "env": ["PGPASSWORD": "pw", "PATH": "/bin", "GITHUB_TOKEN": "Bearer [secret]"],
            "command": ["curl", "-H", "Authorization: Bearer abc123", "https://u:p@h/"],
        ]
        #expect(
            CredentialRedaction.value(parameters) == [
                "headers": [
                    "Authorization": "[secret]", "X-Api-Key": "[secret]", "Accept": "application/json",
                    "X-Token": "Bearer {{ Secrets.token }}", "Cookie": "[secret]",
                ],
                "env": ["PGPASSWORD": "[secret]", "PATH": "/bin", "GITHUB_TOKEN": "Bearer [secret]"],
                "command": ["curl", "-H", "Authorization: [secret]", "https://u:[secret]@h/"],
            ])
        let definition = WorkflowDefinition(
            name: "W", webhookSecret: "hook",
            spec: WorkflowSpec(
                steps: [
                    Step(name: "A", actionId: "x", parameters: [StepParameter(name: "password", value: "hunter2")])
                ], callback: "https://u:p@h/"))
        let shown = CredentialRedaction.definition(definition)
        #expect(shown.webhookSecret == nil)
        #expect(shown.spec.steps?[0].parameters?[0].value == "[secret]")
        #expect(shown.spec.callback == "https://u:[secret]@h/")
    }
}
