import Foundation
import Testing

/// What `sundial workflows create|update` shows of the agent's warnings and refusals, and an agent configuration
/// with an unknown key.
@Suite("sundial workflows: warnings and refusals")
struct WorkflowWarningsCLITests {
    static let misspelt = """
        name: CLI misspelt
        publised: true
        spec:
          steps:
            - name: Only
              actionId: com.datadoghq.core.noop
          triggers:
            - apiTrigger: {}
            - scheduleTrigger: {rruleExpression: "0 3 * * *"}
        """

    static let unknownAction = """
        name: CLI unknown action
        published: true
        spec:
          steps:
            - name: Only
              actionId: com.example.not.installed
          triggers:
            - apiTrigger: {}
        """

    @Test("create and update print the agent's warnings on standard error, the id on standard output")
    func warnings() throws {
        let agent = try RunningAgent()
        let files = try TemporaryDirectory()
        let file = try files.write("misspelt.yaml", Self.misspelt)
        let created = try Sundial.run(["workflows", "create", file] + agent.clientArguments)
        #expect(created.status == 0, "\(created.stderr)")
        let id = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!id.isEmpty && !id.contains(" "))
        #expect(
            created.stderrLines.contains {
                $0.hasPrefix("warning: /data/attributes/publised: ") && $0.contains("did you mean \"published\"?")
            }, "\(created.stderr)")
        #expect(
            created.stderrLines.contains {
                $0.hasPrefix("warning: /data/attributes/published: ") && $0.contains("scheduleTrigger will not fire")
            }, "\(created.stderr)")
        let updated = try Sundial.run(["workflows", "update", id, file] + agent.clientArguments)
        #expect(updated.status == 0, "\(updated.stderr)")
        #expect(updated.stdout == "updated \(id)\n")
        #expect(updated.stderrLines.filter { $0.hasPrefix("warning: ") }.count == 2, "\(updated.stderr)")
    }

    @Test("an unknown action is refused unless the agent runs with --allow-unknown-actions")
    func unknownAction() throws {
        let files = try TemporaryDirectory()
        let file = try files.write("unknown.yaml", Self.unknownAction)
        let strict = try RunningAgent()
        let refused = try Sundial.run(["workflows", "create", file] + strict.clientArguments)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("/data/attributes/spec/steps/0/actionId"), "\(refused.stderr)")
        #expect(refused.stderr.contains("com.example.not.installed"))
        let lenient = try RunningAgent(options: ["--allow-unknown-actions"])
        let accepted = try Sundial.run(["workflows", "create", file] + lenient.clientArguments)
        #expect(accepted.status == 0, "\(accepted.stderr)")
        #expect(accepted.stderr.contains("warning: /data/attributes/spec/steps/0/actionId: unknown action"))
    }

    @Test("an unknown configuration key stops the agent, naming the nearest known key")
    func unknownConfigurationKey() throws {
        let files = try TemporaryDirectory()
        let config = try files.write("agent.yaml", "listen: 127.0.0.1:0\nworker: 4\n")
        let result = try Sundial.run(["agent", "--config", config, "--home", files.path("home")])
        #expect(result.status != 0)
        #expect(
            result.stderr.contains("unknown configuration key 'worker' (line 2); did you mean 'workers'?"),
            "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: files.path("home/sundial.db")))
    }
}
