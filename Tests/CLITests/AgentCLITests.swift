import Foundation
import Testing

/// The client commands against a real `sundial agent` process.
@Suite("sundial agent, keys, workflows, instances")
struct AgentCLITests {
    static let noop = """
        name: CLI noop
        published: true
        spec:
          steps:
            - name: Only
              actionId: com.datadoghq.core.noop
          triggers:
            - apiTrigger: {}
        """

    static let sleeper = """
        name: CLI sleeper
        spec:
          steps:
            - name: Nap
              actionId: com.datadoghq.core.sleep
              parameters:
                - name: duration
                  value: 600
          triggers:
            - apiTrigger: {}
        """

    @Test("workflows create, list, get, update, delete and instances run --follow, list, get")
    func workflowsAndInstances() throws {
        let agent = try RunningAgent()
        let files = try TemporaryDirectory()
        let created = try Sundial.run(
            ["workflows", "create", try files.write("noop.yaml", Self.noop)] + agent.clientArguments)
        #expect(created.status == 0, "\(created.stderr)")
        let id = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let list = try Sundial.run(["workflows", "list"] + agent.clientArguments)
        #expect(list.stdoutLines.first?.hasPrefix("ID") == true)
        #expect(list.stdout.contains(id) && list.stdout.contains("CLI noop"))
        let renamed = Self.noop.replacingOccurrences(of: "CLI noop", with: "CLI renamed")
        let updated = try Sundial.run(
            ["workflows", "update", id, try files.write("renamed.yaml", renamed)] + agent.clientArguments)
        #expect(updated.status == 0, "\(updated.stderr)")
        let got = try Sundial.run(["workflows", "get", id] + agent.clientArguments)
        #expect(got.stdout.contains("\"name\" : \"CLI renamed\""))
        let run = try Sundial.run(["instances", "run", id, "--follow"] + agent.clientArguments)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdoutLines.contains("✔ Only"))
        #expect(run.stdoutLines.last == "Status: Successful")
        let instances = try Sundial.run(["instances", "list", id] + agent.clientArguments)
        #expect(instances.stdoutLines.last == "1 in all", "\(instances.stdout)\(instances.stderr)")
        let instanceID = try #require(instances.stdoutLines.dropFirst().first?.split(separator: " ").first)
        let shown = try Sundial.run(["instances", "get", id, String(instanceID)] + agent.clientArguments)
        #expect(shown.stdoutLines.contains("Status    Successful"))
        #expect(try Sundial.run(["workflows", "delete", id] + agent.clientArguments).status == 0)
        let gone = try Sundial.run(["workflows", "get", id] + agent.clientArguments)
        #expect(gone.status == 1)
        #expect(gone.stderr.hasPrefix("error: 404: no workflow with id"))
        #expect(agent.stop() == 0)
    }

    @Test("workflows update replaces the definition: a member the file no longer has is gone")
    func updateReplaces() throws {
        let agent = try RunningAgent()
        let files = try TemporaryDirectory()
        let described = Self.noop.replacingOccurrences(
            of: "published: true", with: "published: true\ndescription: Old words\ntags: [team:ops]")
        let created = try Sundial.run(
            ["workflows", "create", try files.write("described.yaml", described)] + agent.clientArguments)
        #expect(created.status == 0, "\(created.stderr)")
        let id = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try Sundial.run(["workflows", "get", id] + agent.clientArguments).stdout.contains("Old words"))
        let updated = try Sundial.run(
            ["workflows", "update", id, try files.write("plain.yaml", Self.noop)] + agent.clientArguments)
        #expect(updated.status == 0, "\(updated.stderr)")
        let got = try Sundial.run(["workflows", "get", id] + agent.clientArguments)
        #expect(!got.stdout.contains("Old words"))
        #expect(!got.stdout.contains("team:ops"))
        #expect(got.stdout.contains("\"name\" : \"CLI noop\""))
    }

    @Test("instances cancel stops a running execution; tail then ends with Cancelled and status 1")
    func cancel() throws {
        let agent = try RunningAgent()
        let files = try TemporaryDirectory()
        let created = try Sundial.run(
            ["workflows", "create", try files.write("sleeper.yaml", Self.sleeper)] + agent.clientArguments)
        #expect(created.status == 0, "\(created.stderr)")
        let id = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let run = try Sundial.run(["instances", "run", id] + agent.clientArguments)
        #expect(run.status == 0, "\(run.stderr)")
        let instance = run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let cancelled = try Sundial.run(["instances", "cancel", id, instance] + agent.clientArguments)
        #expect(cancelled.stdout == "cancelled \(instance)\n")
        let tail = try Sundial.run(["instances", "tail", id, instance] + agent.clientArguments)
        #expect(tail.status == 1)
        #expect(tail.stdoutLines.contains("Status: Cancelled"))
    }

    @Test("keys create, list and revoke; a revoked or read-only key is refused with the reason")
    func keys() throws {
        let agent = try RunningAgent()
        let home = ["--home", agent.home.path("home")]
        let created = try Sundial.run(["keys", "create", "--name", "reader", "--scope", "workflows_read"] + home)
        #expect(created.status == 0, "\(created.stderr)")
        let token = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.hasPrefix("sdk_"))
        let asReader = ["--url", agent.url, "--key", token]
        #expect(try Sundial.run(["workflows", "list"] + asReader).status == 0)
        let files = try TemporaryDirectory()
        let refused = try Sundial.run(["workflows", "create", try files.write("noop.yaml", Self.noop)] + asReader)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("403") && refused.stderr.contains("workflows_write"))
        let listed = try Sundial.run(["keys", "list", "--json"] + home)
        let keys = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: String]])
        #expect(Set(keys.compactMap { $0["name"] }) == ["admin", "reader"])
        #expect(!listed.stdout.contains(token))
        let readerID = try #require(keys.first { $0["name"] == "reader" }?["id"])
        #expect(try Sundial.run(["keys", "revoke", readerID] + home).status == 0)
        let revoked = try Sundial.run(["workflows", "list"] + asReader)
        #expect(revoked.status == 1)
        #expect(revoked.stderr.contains("401"))
    }
}
