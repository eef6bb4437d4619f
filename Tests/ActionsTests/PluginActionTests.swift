import Foundation
import Testing
import Workflow

@testable import Actions

/// Plugins are real executables in a temporary actions directory.
@Suite("Plugin actions")
struct PluginActionTests {
    static func withPlugins<T>(
        _ scripts: [String: String], configuration: ActionsConfiguration = ActionTesting.quickConfiguration,
        _ body: (ActionRegistry, String) async throws -> T
    ) async throws -> T {
        let directory = try ActionTesting.temporaryDirectory()
        defer { ActionTesting.removeDirectory(directory) }
        for (name, script) in scripts {
            try ActionTesting.writeScript("#!/bin/sh\n" + script, to: directory + "/" + name)
        }
        let registry = try ActionRegistry(configuration: configuration).loadingPlugins(from: directory)
        return try await body(registry, directory)
    }

    static func run(_ registry: ActionRegistry, _ id: String, _ parameters: [String: JSONValue] = [:]) async throws
        -> ActionResult
    {
        let action = try #require(registry[id])
        return try await ActionTesting.run(action, parameters)
    }

    static func failure(_ registry: ActionRegistry, _ id: String) async throws -> ActionFailure? {
        await ActionTesting.failure(try #require(registry[id]), [:])
    }

    @Test func pluginReceivesParametersAndContextAndAnswers() async throws {
        let script = #"input=$(cat); printf '{"output": %s, "branch": "next"}' "$input""#
        try await Self.withPlugins(["acme.echo": script]) { registry, _ in
            let result = try await Self.run(registry, "acme.echo", ["host": "db1", "count": 3])
            #expect(result.branch == "next")
            #expect(result.output["parameters"] == ["host": "db1", "count": 3])
            #expect(
                result.output["context"] == [
                    "workflowId": "wf-1", "executionId": "ex-1", "stepName": "Step", "attempt": 2,
                ])
        }
    }

    @Test func pluginErrorAnswerBecomesTheFailure() async throws {
        let script = #"cat >/dev/null; echo '{"error": {"code": "disk.full", "message": "no space on /var"}}'"#
        try await Self.withPlugins(["acme.err": script]) { registry, _ in
            let failure = try await Self.failure(registry, "acme.err")
            #expect(failure == ActionFailure(code: "disk.full", message: "no space on /var"))
        }
    }

    @Test func garbageOutputFailsWithStderr() async throws {
        try await Self.withPlugins(["acme.garbage": "echo 'hello there'; echo 'bad config' >&2"]) { registry, _ in
            let failure = try await Self.failure(registry, "acme.garbage")
            #expect(failure?.code == "plugin.garbage")
            #expect(failure?.message.contains("printed 'hello there") == true)
            #expect(failure?.message.contains("stderr: bad config") == true)
        }
    }

    @Test func silentPluginFails() async throws {
        try await Self.withPlugins(["acme.silent": "exit 0"]) { registry, _ in
            let failure = try await Self.failure(registry, "acme.silent")
            #expect(failure?.code == "plugin.garbage")
            #expect(failure?.message.contains("printed nothing") == true)
        }
    }

    @Test func nonZeroExitAndCrashFail() async throws {
        let scripts = ["acme.exit": "echo 'cannot connect' >&2; exit 4", "acme.crash": "kill -SEGV $$"]
        try await Self.withPlugins(scripts) { registry, _ in
            let exit = try await Self.failure(registry, "acme.exit")
            #expect(exit?.code == "plugin.exit")
            #expect(exit?.message == "plugin 'acme.exit' exited with status 4; stderr: cannot connect")
            let crash = try await Self.failure(registry, "acme.crash")
            #expect(crash?.code == "plugin.crash")
            #expect(crash?.message.contains("signal 11") == true)
        }
    }

    @Test func slowPluginTimesOut() async throws {
        var configuration = ActionTesting.quickConfiguration
        configuration.pluginTimeout = .milliseconds(200)
        try await Self.withPlugins(["acme.slow": "exec sleep 300"], configuration: configuration) { registry, _ in
            let failure = try await Self.failure(registry, "acme.slow")
            #expect(failure?.code == "plugin.timeout")
        }
    }

    @Test func oversizedOutputFails() async throws {
        var configuration = ActionTesting.quickConfiguration
        configuration.maxPluginOutputBytes = 100
        try await Self.withPlugins(["acme.big": "head -c 5000 /dev/zero"], configuration: configuration) {
            registry, _ in
            let failure = try await Self.failure(registry, "acme.big")
            #expect(failure?.code == "plugin.output")
            #expect(failure?.message.contains("more than 100 bytes") == true)
        }
    }
}
