import Foundation
import SundialTesting
import Testing

/// A real agent whose HTTP step is answered with deeply nested JSON: the run ends and stays readable.
@Suite("sundial agent: an HTTP step answered with deeply nested JSON")
struct DeepOutputCLITests {
    static func workflow(url: String) -> String {
        """
        name: Deep answer
        spec:
          steps:
            - name: Fetch
              actionId: com.datadoghq.http.request
              parameters:
                - name: url
                  value: \(url)
          triggers:
            - apiTrigger: {}
        """
    }

    @Test(
        "JSON nested 506, 511 and 520 deep fails the step as too deep; the run ends Failed and reads back",
        arguments: [506, 511, 520])
    func deepAnswer(depth: Int) async throws {
        let deep = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        try await LoopbackHTTPServer.with(handler: { _ in .json(deep) }) { server in
            let agent = try RunningAgent(configuration: "allowOutbound: [127.0.0.1]\n")
            let files = try TemporaryDirectory()
            let created = try Sundial.run(
                ["workflows", "create", try files.write("deep.yaml", Self.workflow(url: server.url("/deep")))]
                    + agent.clientArguments)
            #expect(created.status == 0, "\(created.stderr)")
            let id = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let run = try Sundial.run(["instances", "run", id] + agent.clientArguments)
            #expect(run.status == 0, "\(run.stderr)")
            let instanceID = run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            // Polled with a deadline rather than followed: a run that never ends must fail the test, not hang it.
            let deadline = Date().addingTimeInterval(90)
            var shown = try Sundial.run(["instances", "get", id, instanceID] + agent.clientArguments)
            while shown.stdoutLines.contains(where: { ["Status    Pending", "Status    Running"].contains($0) }),
                Date() < deadline
            {
                try await Task.sleep(for: .milliseconds(200))
                shown = try Sundial.run(["instances", "get", id, instanceID] + agent.clientArguments)
            }
            #expect(shown.status == 0, "\(shown.stderr)")
            #expect(shown.stdoutLines.contains("Status    Failed"), "\(shown.stdout)")
            #expect(shown.stdout.contains("deep"), "\(shown.stdout)")
            #expect(agent.stop() == 0)
        }
    }
}
