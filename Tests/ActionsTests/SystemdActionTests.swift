import Foundation
import Testing
import Workflow

@testable import Actions

@Suite("sundial.systemd")
struct SystemdActionTests {
    @Test func argumentsForEachOperation() {
        #expect(
            SystemdAction.arguments(unit: "nginx.service", operation: "restart")
                == ["--no-ask-password", "restart", "--", "nginx.service"])
        #expect(
            SystemdAction.arguments(unit: "nginx.service", operation: "status")
                == ["show", "--property=Id,LoadState,ActiveState,SubState", "--", "nginx.service"])
    }

    static let invalid: [([String: JSONValue], String)] = [
        (["unit": "-H", "operation": "start"], "parameter 'unit'"),
        (["unit": "a b.service", "operation": "start"], "parameter 'unit'"),
        (["unit": "nginx", "operation": "reload-or-kill"], "parameter 'operation' must be one of start, stop"),
        (["operation": "start"], "parameter 'unit' is required"),
    ]

    @Test(arguments: invalid)
    func invalidParametersAreNamed(parameters: [String: JSONValue], message: String) {
        do {
            _ = try SystemdAction.validate(parameters)
            Issue.record("expected a failure")
        } catch {
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test func withoutSystemdTheStepFailsClearly() async {
        let configuration = ActionsConfiguration(systemdRuntimeDirectory: "/nonexistent/systemd/system")
        let failure = await ActionTesting.failure(
            SystemdAction(configuration: configuration), ["unit": "nginx.service", "operation": "status"])
        #expect(failure?.code == "systemd.unavailable")
        #expect(failure?.message.contains("systemd is not running on this machine") == true)
    }

    @Test func missingSystemctlIsUnavailable() async throws {
        let directory = try ActionTesting.temporaryDirectory()
        defer { ActionTesting.removeDirectory(directory) }
        let configuration = ActionsConfiguration(
            systemdRuntimeDirectory: directory, systemctl: directory + "/systemctl")
        let failure = await ActionTesting.failure(
            SystemdAction(configuration: configuration), ["unit": "nginx.service", "operation": "start"])
        #expect(failure?.code == "systemd.unavailable")
    }

    /// A stand-in `systemctl` records its arguments and answers `show` like the real one.
    @Test func operationThenStatusThroughSystemctl() async throws {
        let directory = try ActionTesting.temporaryDirectory()
        defer { ActionTesting.removeDirectory(directory) }
        let script = """
            #!/bin/sh
            echo "$*" >> '\(directory)/calls'
            if [ "$1" = show ]; then printf 'Id=nginx.service\\nLoadState=loaded\\nActiveState=active\\nSubState=running\\n'; fi
            """
        try ActionTesting.writeScript(script, to: directory + "/systemctl")
        let configuration = ActionsConfiguration(
            systemdRuntimeDirectory: directory, systemctl: directory + "/systemctl")
        let result = try await ActionTesting.run(
            SystemdAction(configuration: configuration), ["unit": "nginx.service", "operation": "restart"])
        #expect(
            result.output == [
                "unit": "nginx.service", "operation": "restart", "id": "nginx.service", "loadState": "loaded",
                "activeState": "active", "subState": "running",
            ])
        let calls = try String(contentsOfFile: directory + "/calls", encoding: .utf8)
        #expect(
            calls
                == "--no-ask-password restart -- nginx.service\nshow --property=Id,LoadState,ActiveState,SubState -- nginx.service\n"
        )
    }

    @Test func failingSystemctlReportsItsError() async throws {
        let directory = try ActionTesting.temporaryDirectory()
        defer { ActionTesting.removeDirectory(directory) }
        try ActionTesting.writeScript(
            "#!/bin/sh\necho 'Unit nope.service not found.' >&2; exit 5\n", to: directory + "/systemctl")
        let configuration = ActionsConfiguration(
            systemdRuntimeDirectory: directory, systemctl: directory + "/systemctl")
        let failure = await ActionTesting.failure(
            SystemdAction(configuration: configuration), ["unit": "nope.service", "operation": "stop"])
        #expect(failure?.code == "systemd.failed")
        #expect(failure?.message.contains("Unit nope.service not found.") == true)
    }
}
