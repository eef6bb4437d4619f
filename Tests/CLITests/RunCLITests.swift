import Foundation
import Testing

@Suite("sundial run")
struct RunCLITests {
    static let twoSteps = """
        name: two-steps
        spec:
          inputSchema:
            parameters:
              - {name: who, type: STRING, defaultValue: world}
              - {name: times, type: NUMBER, defaultValue: 1}
          outputSchema:
            parameters:
              - {name: greeting, type: STRING, value: "{{ Steps.Hello.output.message }}"}
          triggers:
            - workflowTrigger: {}
              startStepNames: [Hello]
            - monitorTrigger: {}
              startStepNames: [Boom]
          steps:
            - name: Hello
              actionId: sundial.log
              parameters:
                - {name: message, value: "hello {{ Trigger.payload.who }}"}
            - name: Boom
              actionId: sundial.fail
              parameters:
                - {name: message, value: "boom"}
        """

    @Test("shows each step, the status and the outputs; exit 0 when Successful")
    func humanOutput() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("two.yaml", Self.twoSteps)
        let result = try Sundial.run(["run", "--payload", #"{"who": "ops"}"#, path])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let lines = result.stdoutLines
        #expect(lines.first == "▶ Hello")
        #expect(lines.dropFirst().first.map { $0.hasPrefix("✔ Hello ") && $0.hasSuffix(" ms") } == true)
        #expect(
            Array(lines.dropFirst(2)) == [
                "- Boom skipped", "Status: Successful", "Outputs:", "{", #"  "greeting" : "hello ops""#, "}",
            ])
    }

    @Test("--trigger picks the start steps; a failure is shown with its code and exits 1")
    func failure() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("two.yaml", Self.twoSteps)
        let result = try Sundial.run(["run", "--trigger", "monitor", path])
        #expect(result.status == 1)
        let lines = result.stdoutLines
        #expect(lines.first == "▶ Boom")
        #expect(lines.contains { $0.hasPrefix("✘ Boom ") && $0.hasSuffix(" ms: workflow.fail: boom") })
        #expect(lines.suffix(3) == ["- Hello skipped", "Status: Failed", "Error: Boom: workflow.fail: boom"])
    }

    @Test("--json prints only the execution, in the API's instance shape")
    func json() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("two.yaml", Self.twoSteps)
        let result = try Sundial.run(["run", "--json", "--trigger", "monitorTrigger", path])
        #expect(result.status == 1)
        let execution = try #require(ExecutionJSON(result), "stdout: \(result.stdout)")
        #expect(execution.status == "Failed")
        #expect(execution.attributes["trigger"] as? String == "monitorTrigger")
        #expect(execution.attributes["workflowName"] as? String == "two-steps")
        #expect((execution.attributes["id"] as? String)?.isEmpty == false)
        #expect(execution.stepStatuses == ["Hello": "Skipped", "Boom": "Failed"])
        #expect(execution.error?["code"] as? String == "workflow.fail")
        #expect(execution.error?["stepName"] as? String == "Boom")
        let statistics = execution.attributes["statistics"] as? [String: Any]
        #expect(statistics?["total"] as? Int == 2)
        #expect(statistics?["failed"] as? Int == 1)
        #expect(statistics?["skipped"] as? Int == 1)
        #expect((execution.attributes["input"] as? [String: Any])?["who"] as? String == "world")
    }

    @Test(
        "bad input exits 2 before anything runs",
        arguments: [
            (["--payload", #"{"who": 3}"#], "error: --payload/who: "),
            (["--payload", "[1, 2]"], "error: --payload must be a JSON object"),
            (["--payload", "{nope"], "error: --payload is not valid JSON"),
            (["--trigger", "sometimes"], "error: --trigger 'sometimes' is not a trigger kind"),
            (["--trigger", "schedule"], "error: --trigger schedule: the workflow has no scheduleTrigger"),
            (["--allow-outbound", "10.0.0.0/33"], "error: --allow-outbound: "),
        ])
    func badInput(_ arguments: [String], message: String) throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("two.yaml", Self.twoSteps)
        let result = try Sundial.run(["run"] + arguments + [path])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderrLines.count == 1, "stderr: \(result.stderr)")
        #expect(result.stderr.hasPrefix(message), "stderr: \(result.stderr)")
    }

    @Test("an invalid workflow is listed on standard error and exits 2")
    func invalidWorkflow() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(
            "bad.yaml",
            """
            name: bad
            spec:
              triggers: [{workflowTrigger: {}}]
              steps:
                - {name: A, actionId: acme.unknown}
            """)
        let result = try Sundial.run(["run", path])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderrLines.first?.hasPrefix("\(path):/spec/steps/0/actionId: ") == true)
        #expect(result.stderrLines.last == "error: \(path) is not a valid workflow (1 problem)")
    }

    @Test("Ctrl-C cancels the run: the running step is stopped and the status is Cancelled")
    func interrupt() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(
            "wait.yaml",
            """
            name: wait
            spec:
              triggers: [{workflowTrigger: {}}]
              steps:
                - name: Wait
                  actionId: sundial.shell
                  parameters:
                    - {name: command, value: [sleep, "300"]}
                  outboundEdges: [{branchName: main, nextStepName: After}]
                - {name: After, actionId: com.datadoghq.core.noop}
            """)
        let process = Process()
        process.executableURL = Sundial.executable
        process.arguments = ["run", path]
        process.currentDirectoryURL = directory.url
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var seen = Data()
        // Wait for the step to start: the interrupt handler is installed before the first step runs.
        while !String(decoding: seen, as: UTF8.self).contains("▶ Wait\n") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += chunk
        }
        #expect(String(decoding: seen, as: UTF8.self).contains("▶ Wait"))
        process.interrupt()
        seen += output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: seen, as: UTF8.self)
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 1)
        #expect(text.contains("■ Wait "), "stdout: \(text)")
        #expect(text.contains("- After skipped"))
        #expect(text.contains("Status: Cancelled"))
    }
}
