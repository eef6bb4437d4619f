import Foundation
import Testing

/// `sundial secrets` on the home of a real `sundial agent` process.
@Suite("sundial secrets")
struct SecretsCLITests {
    static func workflow(_ secret: String) -> String {
        """
        name: CLI secret user
        spec:
          steps:
            - name: Use
              actionId: sundial.shell
              parameters:
                - name: command
                  value: ["/bin/sh", "-c", "printf '%s' \\"$TOKEN\\""]
                - name: env
                  value: {TOKEN: "{{ Secrets.\(secret) }}"}
          triggers:
            - apiTrigger: {}
        """
    }

    @Test("set reads the value from stdin; list shows names only; the agent uses it and shows [secret]")
    func setFromStdin() throws {
        let agent = try RunningAgent()
        let home = ["--home", agent.home.path("home")]
        let value = "cli-\(UUID().uuidString)"
        let key = agent.home.path("home/secrets.key")
        let mode = try FileManager.default.attributesOfItem(atPath: key)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let set = try Sundial.run(["secrets", "set", "token"] + home, stdin: value + "\n")
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stdout == "created secret token\n")
        let again = try Sundial.run(["secrets", "set", "token"] + home, stdin: value)
        #expect(again.stdout == "replaced secret token\n")
        let listed = try Sundial.run(["secrets", "list", "--json"] + home)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: String]])
        #expect(rows.map { $0["name"] } == ["token"])
        #expect(!listed.stdout.contains(value))
        let empty = try Sundial.run(["secrets", "set", "other"] + home, stdin: "")
        #expect(empty.status != 0)
        #expect(empty.stderr.contains("empty"))
        let badName = try Sundial.run(["secrets", "set", "9x"] + home, stdin: "v")
        #expect(badName.status != 0)
        #expect(badName.stderr.contains("not a valid secret name"))
        // No database file holds the value.
        for file in try FileManager.default.contentsOfDirectory(atPath: agent.home.path("home")) {
            let bytes = (try? Data(contentsOf: URL(fileURLWithPath: agent.home.path("home/\(file)")))) ?? Data()
            #expect(bytes.range(of: Data(value.utf8)) == nil, "\(file) holds the value")
        }
        // The agent sees what the CLI stored: a workflow naming it is accepted, one naming another is refused.
        let files = try TemporaryDirectory()
        let refused = try Sundial.run(
            ["workflows", "create", try files.write("bad.yaml", Self.workflow("missing"))] + agent.clientArguments)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("no secret 'missing' is stored"))
        let created = try Sundial.run(
            ["workflows", "create", try files.write("ok.yaml", Self.workflow("token"))] + agent.clientArguments)
        #expect(created.status == 0, "\(created.stderr)")
        let id = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let started = try Sundial.run(["instances", "run", id] + agent.clientArguments)
        #expect(started.status == 0, "\(started.stderr)")
        let instance = started.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let tail = try Sundial.run(["instances", "tail", id, instance] + agent.clientArguments)
        #expect(tail.stdoutLines.contains("Status: Successful"), "\(tail.stdout)")
        let got = try Sundial.run(["instances", "get", id, instance, "--json"] + agent.clientArguments)
        #expect(got.stdout.contains("[secret]"), "the command printed the value, which is shown hidden")
        #expect(!got.stdout.contains(value) && !tail.stdout.contains(value))
        let deleted = try Sundial.run(["secrets", "delete", "token"] + home)
        #expect(deleted.status == 0)
        #expect(try Sundial.run(["secrets", "delete", "token"] + home).stderr.contains("no secret 'token'"))
        agent.stop()
    }
}
