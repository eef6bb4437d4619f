import Foundation
import Testing

/// What an operator reads from the command line about what the agent did and will do: executions across workflows,
/// one execution in detail, a schedule's next fires and a workflow's fires.
@Suite("sundial instances list|get, workflows schedule|fires")
struct InspectCLITests {
    static let logger = """
        name: CLI logger
        published: true
        spec:
          steps:
            - name: Say
              actionId: sundial.log
              parameters:
                - name: message
                  value: "hello from the step"
          triggers:
            - apiTrigger: {}
        """

    static let nightly = """
        name: CLI nightly
        published: false
        spec:
          steps:
            - name: Only
              actionId: com.datadoghq.core.noop
          triggers:
            - scheduleTrigger:
                rruleExpression: "DTSTART;TZID=Europe/Paris:20250101T030000\\nRRULE:FREQ=DAILY"
        """

    /// Five noop steps in a chain: each runs in well under a millisecond, faster than any poll.
    static let chain: String = {
        let names = ["One", "Two", "Three", "Four", "Five"]
        var text = "name: CLI chain\npublished: true\nspec:\n  triggers:\n    - apiTrigger: {}\n  steps:\n"
        for (index, name) in names.enumerated() {
            text += "    - name: \(name)\n      actionId: com.datadoghq.core.noop\n"
            if index + 1 < names.count {
                text += "      outboundEdges: [{nextStepName: \(names[index + 1]), branchName: main}]\n"
            }
        }
        return text
    }()

    @Test("run --follow and tail follow the event stream: every step is shown, however fast; --json is one event a line")
    func followNeverMissesAStep() throws {
        let agent = try RunningAgent()
        let files = try TemporaryDirectory()
        let created = try Sundial.run(
            ["workflows", "create", try files.write("chain.yaml", Self.chain)] + agent.clientArguments)
        #expect(created.status == 0, "\(created.stderr)")
        let workflow = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let run = try Sundial.run(["instances", "run", workflow, "--follow"] + agent.clientArguments)
        #expect(run.status == 0, "\(run.stderr)")
        let steps = ["One", "Two", "Three", "Four", "Five"]
        #expect(Array(run.stdoutLines.dropFirst()) == steps.flatMap { ["▶ \($0)", "✔ \($0)"] } + ["Status: Successful"])
        let instance = String(try #require(run.stdoutLines.first).dropFirst("Instance: ".count))

        // After the end, tail replays the run from its start.
        let tail = try Sundial.run(["instances", "tail", instance, "--json"] + agent.clientArguments)
        #expect(tail.status == 0, "\(tail.stderr)")
        let events = try tail.stdoutLines.map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        let names = events.compactMap { $0["event"] as? String }
        #expect(names.first == "execution.started")
        #expect(names.last == "execution.finished")
        #expect(names.filter { $0 == "step.finished" }.count == 5)
        let final = try #require(events.last?["data"] as? [String: Any])
        #expect((final["data"] as? [String: Any])?["id"] as? String == instance)
    }

    @Test("run --follow prints the instance id first; get shows steps, durations and log lines by id alone")
    func followAndGet() throws {
        let agent = try RunningAgent()
        let files = try TemporaryDirectory()
        let created = try Sundial.run(
            ["workflows", "create", try files.write("logger.yaml", Self.logger)] + agent.clientArguments)
        #expect(created.status == 0, "\(created.stderr)")
        let workflow = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let run = try Sundial.run(["instances", "run", workflow, "--follow"] + agent.clientArguments)
        #expect(run.status == 0, "\(run.stderr)")
        let first = try #require(run.stdoutLines.first)
        #expect(first.hasPrefix("Instance: "))
        let instance = String(first.dropFirst("Instance: ".count))
        #expect(!instance.isEmpty)

        let shown = try Sundial.run(["instances", "get", instance] + agent.clientArguments)
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdoutLines.contains("Instance  \(instance)"))
        #expect(shown.stdoutLines.contains("Status    Successful"))
        #expect(shown.stdoutLines.contains { $0.hasPrefix("Workflow  CLI logger (\(workflow))") })
        #expect(shown.stdoutLines.contains { $0.hasPrefix("Duration  ") })
        let header = try #require(shown.stdoutLines.first { $0.hasPrefix("STEP") })
        #expect(header.split(separator: " ", omittingEmptySubsequences: true) == [
            "STEP", "STATUS", "DURATION", "ATTEMPTS", "OUTPUT", "ERROR",
        ])
        let row = try #require(shown.stdoutLines.first { $0.hasPrefix("Say ") })
        #expect(row.contains("Successful"))
        #expect(row.contains(" ms ") || row.contains(" s "))
        #expect(shown.stdoutLines.contains("Log:"))
        #expect(shown.stdout.contains("[Say#1] hello from the step"))

        let json = try Sundial.run(["instances", "get", instance, "--json"] + agent.clientArguments)
        let document = try #require(json.json?["data"] as? [String: Any])
        #expect(document["id"] as? String == instance)

        let missing = try Sundial.run(["instances", "get", "no-such-run"] + agent.clientArguments)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no instance with id 'no-such-run'"))
    }

    @Test("instances list across workflows filters by status, workflow and a relative time, and pages")
    func listAcrossWorkflows() throws {
        let agent = try RunningAgent()
        let files = try TemporaryDirectory()
        var workflows: [String] = []
        for name in ["one", "two"] {
            let text = Self.logger.replacingOccurrences(of: "CLI logger", with: "CLI \(name)")
            let created = try Sundial.run(
                ["workflows", "create", try files.write("\(name).yaml", text)] + agent.clientArguments)
            #expect(created.status == 0, "\(created.stderr)")
            workflows.append(created.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        for workflow in workflows + [workflows[0]] {
            let run = try Sundial.run(["instances", "run", workflow, "--follow"] + agent.clientArguments)
            #expect(run.status == 0, "\(run.stderr)")
        }
        let all = try Sundial.run(["instances", "list"] + agent.clientArguments)
        #expect(all.status == 0, "\(all.stderr)")
        #expect(all.stdoutLines.first?.hasPrefix("ID") == true)
        #expect(all.stdoutLines.last == "3 in all")
        #expect(all.stdout.contains(workflows[0]) && all.stdout.contains(workflows[1]))

        let one = try Sundial.run(["instances", "list", "--workflow", workflows[0]] + agent.clientArguments)
        #expect(one.stdoutLines.last == "2 in all")
        let recent = try Sundial.run(
            ["instances", "list", "--status", "Successful,Failed", "--since", "1h"] + agent.clientArguments)
        #expect(recent.stdoutLines.last == "3 in all", "\(recent.stdout)\(recent.stderr)")
        let future = try Sundial.run(["instances", "list", "--until", "1h"] + agent.clientArguments)
        #expect(future.stdoutLines.last == "no executions match")
        let failed = try Sundial.run(["instances", "list", "--status", "Failed"] + agent.clientArguments)
        #expect(failed.stdoutLines.last == "no executions match")
        let paged = try Sundial.run(["instances", "list", "--page-size", "2"] + agent.clientArguments)
        #expect(paged.stdoutLines.last == "1–2 of 3; next: --page 1")

        let typo = try Sundial.run(["instances", "list", "--status", "successful"] + agent.clientArguments)
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("unknown status 'successful'; did you mean Successful?"))
        let badTime = try Sundial.run(["instances", "list", "--since", "yesterday"] + agent.clientArguments)
        #expect(badTime.status == 2)
        #expect(badTime.stderr.contains("--since takes an RFC 3339 time"))
    }

    @Test("--url takes HOST:PORT; an agent that is not there is named with what was tried and why, once")
    func urlForms() throws {
        let agent = try RunningAgent()
        let bare = try Sundial.run(
            ["workflows", "list", "--url", "127.0.0.1:\(agent.port)", "--home", agent.home.path("home")])
        #expect(bare.status == 0, "\(bare.stderr)")
        #expect(bare.stdoutLines.first?.hasPrefix("ID") == true)
        // A port nothing listens on: the one the agent had, after it stopped.
        let port = agent.port
        #expect(agent.stop() == 0)
        let refused = try Sundial.run(
            ["workflows", "list", "--url", "127.0.0.1:\(port)", "--home", agent.home.path("home")])
        #expect(refused.status == 1)
        #expect(
            refused.stderr.hasPrefix(
                "error: cannot connect to the agent at http://127.0.0.1:\(port) (from --url): connection refused"),
            "\(refused.stderr)")
        #expect(refused.stderr.components(separatedBy: "refused").count == 2, "\(refused.stderr)")
        #expect(!refused.stderr.contains("NIO") && !refused.stderr.contains("HTTPClientError"))
        let ftp = try Sundial.run(["workflows", "list", "--url", "ftp://127.0.0.1:21", "--key", "k"])
        #expect(ftp.status == 2)
        #expect(ftp.stderr.contains("give http://HOST:PORT, https://HOST:PORT or HOST:PORT"))
    }

    @Test("workflows schedule lists the next fires in the zone and UTC; fires lists what each fire did")
    func scheduleAndFires() throws {
        let agent = try RunningAgent()
        let files = try TemporaryDirectory()
        let created = try Sundial.run(
            ["workflows", "create", try files.write("nightly.yaml", Self.nightly)] + agent.clientArguments)
        #expect(created.status == 0, "\(created.stderr)")
        let workflow = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let schedule = try Sundial.run(["workflows", "schedule", workflow, "--count", "3"] + agent.clientArguments)
        #expect(schedule.status == 0, "\(schedule.stderr)")
        #expect(schedule.stdoutLines.contains("Zone      Europe/Paris"))
        #expect(schedule.stdout.contains("Armed     no"))
        let rows = schedule.stdoutLines.drop { !$0.hasPrefix("OCCURRENCE") }.dropFirst()
        #expect(rows.count == 3)
        for row in rows {
            let cells = row.split(separator: " ", omittingEmptySubsequences: true)
            // 03:00 in Paris is 02:00Z in winter and 01:00Z in summer.
            #expect(cells.count == 3)
            #expect(cells[0].hasSuffix(":00:00.000Z"))
            #expect(cells[2].contains("T03:00:00+0"))
        }
        let bad = try Sundial.run(["workflows", "schedule", workflow, "--count", "0"] + agent.clientArguments)
        #expect(bad.status == 2)

        let limited = Self.nightly.replacingOccurrences(
            of: #"rruleExpression: "DTSTART;TZID=Europe/Paris:20250101T030000\nRRULE:FREQ=DAILY""#,
            with: #"rruleExpression: "FREQ=HOURLY"\#n        rateLimit: {count: 1, interval: "7200s"}"#)
        let createdLimited = try Sundial.run(
            ["workflows", "create", try files.write("limited.yaml", limited)] + agent.clientArguments)
        #expect(createdLimited.status == 0, "\(createdLimited.stdout)\(createdLimited.stderr)")
        let limitedID = createdLimited.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let starved = try Sundial.run(["workflows", "schedule", limitedID, "--count", "4"] + agent.clientArguments)
        #expect(starved.status == 0, "\(starved.stderr)")
        #expect(starved.stdoutLines.filter { $0.hasSuffix("would be skipped: over the rateLimit") }.count == 2)
        #expect(starved.stderr.contains("warning: the trigger's rateLimit would skip 2 of these 4 fires"))

        let logger = try Sundial.run(
            ["workflows", "create", try files.write("logger.yaml", Self.logger)] + agent.clientArguments)
        let api = logger.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let none = try Sundial.run(["workflows", "fires", api] + agent.clientArguments)
        #expect(none.stdoutLines == ["no fires yet"])
        let run = try Sundial.run(["instances", "run", api] + agent.clientArguments)
        let instance = run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let fires = try Sundial.run(["workflows", "fires", api] + agent.clientArguments)
        #expect(fires.status == 0, "\(fires.stderr)")
        #expect(fires.stdoutLines.first?.hasPrefix("FIRED") == true)
        #expect(fires.stdout.contains("started \(instance)"))
        #expect(fires.stdoutLines.last == "1 in all")
    }
}
