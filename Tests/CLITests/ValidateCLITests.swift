import Foundation
import Testing

@Suite("sundial validate")
struct ValidateCLITests {
    @Test(
        "every example is valid, with no problem and no warning",
        arguments: [
            ("disk-cleanup.yaml", "4 steps, 2 triggers"),
            ("http-health-restart.yaml", "3 steps, 2 triggers"),
            ("log-rotate.yaml", "5 steps, 2 triggers"),
            ("spool-drain.yaml", "3 steps, 2 triggers"),
            ("stale-lock.json", "3 steps, 2 triggers"),
        ])
    func examples(_ name: String, counts: String) throws {
        let path = Sundial.example(name)
        let result = try Sundial.run(["validate", "--actions-dir", Sundial.example("actions"), path])
        #expect(result.status == 0, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(result.stdout == "\(path): valid (\(counts))\n")
        #expect(result.stderr.isEmpty)
    }

    @Test("the example list above covers every workflow file in examples/")
    func everyExampleListed() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Sundial.example(""))
            .filter { [".yaml", ".yml", ".json"].contains(where: $0.hasSuffix) }.sorted()
        #expect(
            names == [
                "disk-cleanup.yaml", "http-health-restart.yaml", "log-rotate.yaml", "spool-drain.yaml",
                "stale-lock.json",
            ])
    }

    @Test("unknown members are problems, each with the nearest known name, then exit 1")
    func unknownMembers() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(
            "misspelt.yaml",
            """
            name: misspelt
            published: true
            publised: true
            spec:
              timout: 60s
              triggers:
                - scheduleTrigger: {rruleExpression: "0 3 * * *", overlapBehaviour: EXCLUSIVE_RUN, catchup: all}
                  startStepName: [Run]
              steps:
                - name: Run
                  actionId: sundial.shell
                  parameters:
                    - {name: command, value: ["true"]}
                    - {name: comand, value: ["true"]}
            """)
        let result = try Sundial.run(["validate", path])
        #expect(result.status == 1, "stdout: \(result.stdout)")
        let expected = [
            ("/publised", "published"), ("/spec/timout", "timeout"),
            ("/spec/triggers/0/scheduleTrigger/catchup", "catchUp"),
            ("/spec/triggers/0/scheduleTrigger/overlapBehaviour", "overlapBehavior"),
            ("/spec/triggers/0/startStepName", "startStepNames"), ("/spec/steps/0/parameters/1/name", "command"),
        ]
        for (pointer, nearest) in expected {
            #expect(
                result.stdoutLines.contains {
                    $0.hasPrefix("\(path):\(pointer): ") && $0.contains("did you mean \"\(nearest)\"?")
                }, "no \(pointer) → \(nearest) in:\n\(result.stdout)")
        }
        #expect(result.stdoutLines.count == expected.count, "\(result.stdout)")
    }

    @Test("triggers that can never start a run are problems")
    func triggersThatCannotFire() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(
            "cannot-fire.yaml",
            """
            name: cannot-fire
            published: true
            spec:
              inputSchema:
                parameters:
                  - {name: host, type: STRING}
              triggers:
                - scheduleTrigger: {rruleExpression: "0 0 30 2 *"}
                - monitorTrigger:
                    check: {http: {url: "http://127.0.0.1:8080/health"}}
              steps:
                - {name: Run, actionId: com.datadoghq.core.noop}
            """)
        let result = try Sundial.run(["validate", path])
        #expect(result.status == 1)
        let pointers = result.stdoutLines.map { line in
            String(line.dropFirst(path.count + 1).prefix { $0 != " " }.dropLast())
        }
        #expect(
            pointers.sorted() == [
                "/spec/triggers/0/scheduleTrigger", "/spec/triggers/0/scheduleTrigger/rruleExpression",
                "/spec/triggers/1/monitorTrigger", "/spec/triggers/1/monitorTrigger/check/http/url",
            ], "\(result.stdout)")
        // Judged with the agent's allow list, the check's target is fine.
        let allowed = try Sundial.run(["validate", "--allow-outbound", "127.0.0.1", path])
        #expect(!allowed.stdout.contains("/check/http/url"), "\(allowed.stdout)")
    }

    @Test("warnings are listed but keep exit 0")
    func warnings() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(
            "unpublished.yaml",
            """
            name: unpublished
            published: false
            spec:
              triggers:
                - scheduleTrigger: {rruleExpression: "0 3 * * *"}
              steps:
                - {name: Run, actionId: com.datadoghq.core.noop}
            """)
        let result = try Sundial.run(["validate", path])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(
            result.stdoutLines.first?.hasPrefix(
                "\(path):/published: warning: the workflow is not published, so its scheduleTrigger will not fire")
                == true, "\(result.stdout)")
        #expect(result.stdoutLines.last == "\(path): valid (1 step, 1 trigger; 1 warning)")
    }

    @Test("a plugin action is unknown without its actions directory")
    func pluginNeedsDirectory() throws {
        let path = Sundial.example("spool-drain.yaml")
        let result = try Sundial.run(["validate", path])
        #expect(result.status == 1)
        #expect(result.stdoutLines.count == 1)
        #expect(result.stdout.hasPrefix("\(path):/spec/steps/0/actionId: "))
        #expect(result.stdout.contains("example.spool.drain"))
    }

    @Test("the actions directory defaults to $SUNDIAL_HOME/actions")
    func sundialHome() throws {
        let home = try TemporaryDirectory()
        let actions = home.url.appendingPathComponent("actions")
        try FileManager.default.copyItem(
            at: Sundial.packageRoot.appendingPathComponent("examples/actions"), to: actions)
        let result = try Sundial.run(
            ["validate", Sundial.example("spool-drain.yaml")], environment: ["SUNDIAL_HOME": home.url.path])
        #expect(result.status == 0, "stdout: \(result.stdout)")
    }

    @Test("every problem is listed with its JSON pointer, then exit 1")
    func problems() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(
            "broken.yaml",
            """
            name: broken
            spec:
              triggers:
                - scheduleTrigger: {rruleExpression: "FREQ=FORTNIGHTLY"}
                  startStepNames: [Check]
                - monitorTrigger: {}
                  startStepNames: [Nowhere]
                - apiTrigger: {rruleExpression: "0 3 * * *"}
              steps:
                - name: Check
                  actionId: sundial.shell
                  parameters:
                    - {name: command, value: [df, -h]}
                  outboundEdges:
                    - {branchName: main, nextStepName: Missing}
                - name: Clean
                  actionId: acme.no.such.action
            """)
        let result = try Sundial.run(["validate", path])
        #expect(result.status == 1)
        #expect(result.stderr.isEmpty)
        let pointers = result.stdoutLines.map { line in
            String(line.dropFirst(path.count + 1).prefix { $0 != " " }.dropLast())
        }
        for expected in [
            "/spec/triggers/0/scheduleTrigger/rruleExpression", "/spec/triggers/1/startStepNames/0",
            "/spec/triggers/2/apiTrigger/rruleExpression", "/spec/steps/0/outboundEdges/0/nextStepName",
            "/spec/steps/1/actionId",
        ] {
            #expect(pointers.contains(expected), "no problem at \(expected) in:\n\(result.stdout)")
        }
        #expect(result.stdoutLines.allSatisfy { $0.hasPrefix("\(path):/") })
    }

    @Test(
        "schedules are checked with the RRULE or the cron parser",
        arguments: [
            ("FREQ=DAILY;BYHOUR=3", true), ("DTSTART:20250101T030000Z\nRRULE:FREQ=WEEKLY", true),
            ("rrule:freq=hourly", true), ("0 3 * * 1-5", true), ("@daily", true),
            ("FREQ=DAILY;BYHOUR=25", false), ("61 * * * *", false), ("every day", false),
        ])
    func schedules(_ expression: String, valid: Bool) throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(
            "schedule.json",
            """
            {"name": "nightly", "spec": {
              "triggers": [{"scheduleTrigger": {"rruleExpression": \(jsonString(expression))}, "startStepNames": ["Noop"]}],
              "steps": [{"name": "Noop", "actionId": "com.datadoghq.core.noop"}]}}
            """)
        let result = try Sundial.run(["validate", path])
        #expect(result.status == (valid ? 0 : 1), "stdout: \(result.stdout)")
        if !valid {
            #expect(result.stdout.hasPrefix("\(path):/spec/triggers/0/scheduleTrigger/rruleExpression: "))
        }
    }

    @Test("a missing file, a file that is not YAML, a missing --actions-dir or a bad plugin is bad input: exit 2")
    func badInput() throws {
        let directory = try TemporaryDirectory()
        let garbage = try directory.write("garbage.yaml", "name: [unclosed\nspec: {")
        let shadowing = directory.url.appendingPathComponent("actions")
        try FileManager.default.createDirectory(at: shadowing, withIntermediateDirectories: true)
        let plugin = try directory.write("actions/sundial.shell", "#!/bin/sh\necho '{}'\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: plugin)
        let cases: [[String]] = [
            ["validate", directory.path("absent.yaml")],
            ["validate", garbage],
            ["validate", "--actions-dir", directory.path("no-such-dir"), Sundial.example("disk-cleanup.yaml")],
            ["validate", "--actions-dir", shadowing.path, Sundial.example("disk-cleanup.yaml")],
            ["validate"],
        ]
        for arguments in cases {
            let result = try Sundial.run(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stdout.isEmpty)
            #expect(result.stderrLines.count == 1, "\(arguments): \(result.stderr)")
            #expect(result.stderr.hasPrefix("error: "))
        }
    }

    private func jsonString(_ text: String) -> String {
        "\""
            + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n") + "\""
    }
}
