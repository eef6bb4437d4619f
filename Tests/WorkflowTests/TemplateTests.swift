import Testing

@testable import Workflow

@Suite("Templates")
struct TemplateTests {
    let context = TemplateContext(
        trigger: ["kind": "apiTrigger", "payload": ["host": "db1", "port": 5432, "tags": ["a", "b"]]],
        steps: ["Check": ["output": ["status": 200, "ok": true, "body": ["x": 1]], "status": "Successful"]],
        workflow: ["id": "wf-1", "name": "Nightly"],
        execution: ["id": "ex-9"],
        properties: ["key": "value", "with space": 1],
        secrets: ["token": "s3cret"])

    @Test(
        "a whole-value template keeps the value's type",
        arguments: [
            ("{{ Steps.Check.output.status }}", 200),
            ("{{Steps.Check.output.ok}}", true),
            ("  {{ Steps.Check.output.body }} ", ["x": 1]),
            ("{{ Trigger.payload.tags }}", ["a", "b"]),
            ("{{ Trigger.payload.tags[1] }}", "b"),
            ("{{ Properties[\"with space\"] }}", 1),
            ("{{ Secrets.token }}", "s3cret"),
        ] as [(String, JSONValue)])
    func wholeValue(text: String, expected: JSONValue) throws {
        #expect(try Template.render(.string(text), in: context) == expected)
    }

    @Test("mixed text interpolates strings as they are and other values as JSON")
    func interpolation() throws {
        let rendered = try Template.render(
            "{{ Workflow.name }} run {{ Execution.id }} on {{ Trigger.payload.host }}:{{ Trigger.payload.port }} → {{ Steps.Check.output.body }} {{ Properties.key }}",
            in: context)
        #expect(rendered == "Nightly run ex-9 on db1:5432 → {\"x\":1} value")
    }

    @Test("templates inside arrays and objects are rendered; other values are left alone")
    func nestedValues() throws {
        let value: JSONValue = [
            "argv": ["/bin/ping", "{{ Trigger.payload.host }}"], "n": 3, "flag": "{{ Steps.Check.output.ok }}",
        ]
        #expect(try Template.render(value, in: context) == ["argv": ["/bin/ping", "db1"], "n": 3, "flag": true])
    }

    @Test(
        "a missing path is a clear error naming what exists",
        arguments: [
            ("{{ Steps.Check.output.code }}", "Steps.Check.output has no member \"code\"; it has: body, ok, status"),
            ("{{ Steps.Other.output }}", "no step \"Other\" has finished before this point; finished steps: Check"),
            ("{{ Trigger.payload.tags[5] }}", "has no element [5]; it has 2 elements"),
            ("{{ Trigger.payload.host.name }}", "Trigger.payload.host is a string, not an object"),
        ])
    func missingPath(text: String, message: String) throws {
        let error = try #require(throws: TemplateError.self) { try Template.render(.string(text), in: context) }
        #expect(error.code == "template.missing")
        #expect(error.message.contains(message))
        #expect(!error.message.contains("s3cret"))
    }

    @Test(
        "templates never execute code: anything but a path is a syntax error",
        arguments: [
            "{{ 1 + 2 }}", "{{ Steps.Check.output | upper }}", "{{ Workflow.name() }}", "{{ Trigger.payload[host] }}",
            "{{ }}", "{{ Steps.Check", "{{ Trigger..x }}",
        ])
    func onlyPaths(text: String) throws {
        let error = try #require(throws: TemplateError.self) { try Template.render(.string(text), in: context) }
        #expect(error.code == "template.syntax")
    }

    @Test("an unknown root lists the roots")
    func unknownRoot() throws {
        let error = try #require(throws: TemplateError.self) { try Template.render("{{ Env.HOME }}", in: context) }
        #expect(error.code == "template.root")
        #expect(error.message.contains("Trigger, Steps, Workflow, Execution, Properties, Secrets"))
    }

    @Test("paths print canonically and parse back")
    func pathRoundTrip() throws {
        let path = try TemplatePath.parse(" Steps.Check.output['a b'][2].x ")
        #expect(path.description == "Steps.Check.output[\"a b\"][2].x")
        #expect(try TemplatePath.parse(path.description) == path)
    }
}
