import Foundation
import SundialTesting
import Testing

/// The examples that talk to services: http-health-restart (against a loopback HTTP server) and spool-drain
/// (with its plugin from examples/actions).
@Suite("examples: services")
struct ServiceExampleTests {
    @Test("http-health-restart does nothing when the service is healthy")
    func healthy() async throws {
        try await LoopbackHTTPServer.with(handler: { HealthRoutes.respond(to: $0) }) { server in
            let payload = #"{"url": "\#(server.baseURL)/health"}"#
            let result = try Sundial.run([
                "run", "--json", "--allow-outbound", "127.0.0.1", "--payload", payload,
                Sundial.example("http-health-restart.yaml"),
            ])
            #expect(result.status == 0, "stdout: \(result.stdout)")
            let execution = try #require(ExecutionJSON(result))
            #expect(execution.status == "Successful")
            #expect(execution.stepStatuses == ["Check": "Successful", "Restart": "Skipped", "Recheck": "Skipped"])
            #expect(execution.outputs["firstCheck"] as? String == "Successful")
            #expect(execution.outputs["httpStatus"] as? Int == 200)
            #expect(execution.outputs["restartedUnit"] as? String == "")
        }
    }

    /// What restarting a unit that does not exist does here: without systemd the action refuses, with it
    /// `systemctl restart` fails.
    private var expectedRestartFailure: String {
        var isDirectory: ObjCBool = false
        let booted = FileManager.default.fileExists(atPath: "/run/systemd/system", isDirectory: &isDirectory)
        return booted && isDirectory.boolValue ? "systemd.failed" : "systemd.unavailable"
    }

    @Test("http-health-restart restarts the unit when the check fails, and reports a restart that fails")
    func unhealthy() async throws {
        try await LoopbackHTTPServer.with(handler: { HealthRoutes.respond(to: $0) }) { server in
            let payload = #"{"url": "\#(server.baseURL)/down", "unit": "sundial-example-missing.service"}"#
            let result = try Sundial.run([
                "run", "--json", "--allow-outbound", "127.0.0.1", "--payload", payload,
                Sundial.example("http-health-restart.yaml"),
            ])
            #expect(result.status == 1)
            let execution = try #require(ExecutionJSON(result))
            #expect(execution.status == "Failed")
            #expect(execution.stepStatuses == ["Check": "Failed", "Restart": "Failed", "Recheck": "Skipped"])
            #expect(execution.errorCode(of: "Check") == "http.status")
            #expect((execution.step("Check")?["fallbackStepNames"] as? [String]) == ["Restart"])
            #expect(execution.error?["stepName"] as? String == "Restart")
            #expect(execution.error?["code"] as? String == expectedRestartFailure)
        }
    }

    @Test("http-health-restart treats a refused loopback address as unhealthy")
    func refused() throws {
        let result = try Sundial.run([
            "run", "--json", "--payload", #"{"url": "http://127.0.0.1:9/health"}"#,
            Sundial.example("http-health-restart.yaml"),
        ])
        #expect(result.status == 1)
        let execution = try #require(ExecutionJSON(result))
        #expect(execution.errorCode(of: "Check") == "http.blocked")
        #expect(execution.stepStatuses["Restart"] == "Failed")
    }

    @Test("spool-drain empties the queue a batch per attempt until the completion gate holds")
    func spoolDrain() throws {
        let scratch = try TemporaryDirectory()
        let spool = scratch.url.appendingPathComponent("queue")
        let outbox = scratch.url.appendingPathComponent("outbox")
        try FileManager.default.createDirectory(at: spool, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: outbox, withIntermediateDirectories: true)
        for index in 1...5 { try Data("message \(index)".utf8).write(to: spool.appendingPathComponent("m\(index)")) }
        let payload = #"{"spool": "\#(spool.path)", "outbox": "\#(outbox.path)", "batch": 2}"#
        let result = try Sundial.run([
            "run", "--json", "--actions-dir", Sundial.example("actions"), "--payload", payload,
            Sundial.example("spool-drain.yaml"),
        ])
        #expect(result.status == 0, "stdout: \(result.stdout)")
        let execution = try #require(ExecutionJSON(result))
        #expect(execution.outputs["remaining"] as? Int == 0)
        #expect(execution.outputs["lastBatch"] as? [String] == ["m5"])
        #expect(execution.outputs["outboxFiles"] as? String == "5")
        let attempts = execution.step("Drain")?["attempts"] as? [[String: Any]] ?? []
        #expect(attempts.map { $0["outcome"] as? String } == ["conditionUnmet", "conditionUnmet", "succeeded"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: spool.path).isEmpty)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: outbox.path).sorted() == ["m1", "m2", "m3", "m4", "m5"])
    }

    @Test("spool-drain retries a failing plugin once, then gives up with the plugin's reason")
    func spoolDrainMissingOutbox() throws {
        let scratch = try TemporaryDirectory()
        let spool = scratch.url.appendingPathComponent("queue")
        try FileManager.default.createDirectory(at: spool, withIntermediateDirectories: true)
        let payload = #"{"spool": "\#(spool.path)", "outbox": "\#(scratch.path("nowhere"))"}"#
        let result = try Sundial.run([
            "run", "--actions-dir", Sundial.example("actions"), "--payload", payload,
            Sundial.example("spool-drain.yaml"),
        ])
        #expect(result.status == 1)
        let lines = result.stdoutLines
        // Attempt 1 is retried; attempt 2 is the last, shown by the step's own line.
        #expect(
            lines.filter { $0.hasPrefix("  ↻ Drain attempt ") } == [
                "  ↻ Drain attempt 1 failed; retrying: spool.missing: the outbox directory \(scratch.path("nowhere")) does not exist"
            ])
        #expect(lines.contains { $0.hasPrefix("✘ Drain ") && $0.hasSuffix("→ fallback Give up") })
        #expect(
            lines.last?.hasPrefix("Error: Give up: spool.drain: could not drain \(spool.path): the outbox directory")
                == true)
    }
}
