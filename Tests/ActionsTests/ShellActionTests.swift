import Foundation
import Testing
import Workflow

@testable import Actions

@Suite("sundial.shell")
struct ShellActionTests {
    let shell = ShellAction(configuration: ActionTesting.quickConfiguration)

    @Test func runsTheProgramWithItsArguments() async throws {
        let result = try await ActionTesting.run(shell, ["command": ["/bin/echo", "hello", "world"]])
        #expect(result.output == ["exitCode": 0, "stdout": "hello world\n", "stderr": "", "truncated": false])
    }

    @Test func findsProgramsOnPath() async throws {
        let result = try await ActionTesting.run(shell, ["command": ["echo", "found"]])
        #expect(result.output["stdout"] == "found\n")
    }

    @Test func writesStdinAndCapturesStderr() async throws {
        let result = try await ActionTesting.run(
            shell, ["command": ["/bin/sh", "-c", "cat; echo oops >&2"], "stdin": "line one\nline two\n"])
        #expect(result.output["stdout"] == "line one\nline two\n")
        #expect(result.output["stderr"] == "oops\n")
    }

    @Test func environmentIsMinimalPlusEnv() async throws {
        let configuration = ActionsConfiguration(
            environment: ["PATH": "/usr/bin:/bin", "HOME": "/home/agent", "SECRET_TOKEN": "hunter2"])
        let action = ShellAction(configuration: configuration)
        let result = try await ActionTesting.run(
            action, ["command": ["env"], "env": ["GREETING": "hi", "HOME": "/tmp"]])
        let lines = Set((result.output["stdout"]?.stringValue ?? "").split(separator: "\n").map(String.init))
        #expect(lines == ["PATH=/usr/bin:/bin", "HOME=/tmp", "GREETING=hi"])
    }

    @Test func runsInTheWorkingDirectory() async throws {
        let directory = try ActionTesting.temporaryDirectory()
        defer { ActionTesting.removeDirectory(directory) }
        let result = try await ActionTesting.run(shell, ["command": ["/bin/pwd"], "cwd": .string(directory)])
        let printed = (result.output["stdout"]?.stringValue ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(
            URL(fileURLWithPath: printed).resolvingSymlinksInPath()
                == URL(fileURLWithPath: directory).resolvingSymlinksInPath())
    }

    @Test func nonZeroExitFailsWithOutputAndStderr() async {
        let failure = await ActionTesting.failure(
            shell, ["command": ["/bin/sh", "-c", "echo partial; echo broken >&2; exit 3"]])
        #expect(failure?.code == "shell.exit")
        #expect(failure?.message == "'/bin/sh' exited with status 3; stderr: broken")
        #expect(failure?.output?["exitCode"] == 3)
        #expect(failure?.output?["stdout"] == "partial\n")
    }

    @Test func successExitCodesAreConfigurable() async throws {
        let result = try await ActionTesting.run(
            shell, ["command": ["/bin/sh", "-c", "exit 1"], "successExitCodes": [0, 1]])
        #expect(result.output["exitCode"] == 1)
        let failure = await ActionTesting.failure(shell, ["command": ["/bin/true"], "successExitCodes": [1]])
        #expect(failure?.code == "shell.exit")
    }

    @Test func outputBeyondTheCapIsDiscarded() async throws {
        let result = try await ActionTesting.run(
            shell,
            [
                "command": ["/bin/sh", "-c", "head -c 300000 /dev/zero | tr '\\0' a; echo done >&2"],
                "maxOutputBytes": 10,
            ])
        #expect(result.output["stdout"] == "aaaaaaaaaa")
        #expect(result.output["stderr"] == "done\n")
        #expect(result.output["truncated"] == true)
    }

    @Test func timeoutStopsTheCommandAndFailsWithWhatItPrinted() async {
        let failure = await ActionTesting.failure(
            shell, ["command": ["/bin/sh", "-c", "echo begun; exec sleep 300"], "timeout": "1s"])
        #expect(failure?.code == "shell.timeout")
        #expect(failure?.message.contains("did not finish within 1.0 s") == true)
        #expect(failure?.output?["stdout"] == "begun\n")
        #expect(failure?.output?["exitCode"] == .int(128 + 15))
    }

    @Test func missingProgramIsALaunchFailure() async {
        let failure = await ActionTesting.failure(shell, ["command": ["no-such-program-sundial"]])
        #expect(failure?.code == "shell.launch")
        #expect(failure?.message.contains("'no-such-program-sundial' was not found") == true)
        let badDirectory = await ActionTesting.failure(shell, ["command": ["/bin/true"], "cwd": "/no/such/dir"])
        #expect(badDirectory?.code == "shell.launch")
        #expect(badDirectory?.message.contains("/no/such/dir") == true)
    }

    static let invalid: [([String: JSONValue], String)] = [
        (
            ["command": "ls -l"],
            "parameter 'command' must be a non-empty array of strings (the program and its arguments); got string \"ls -l\""
        ),
        (["command": []], "parameter 'command' must be a non-empty array of strings"),
        (["command": ["ls", 1]], "parameter 'command' must be a non-empty array of strings"),
        (["command": ["ls"], "env": ["A": 1]], "parameter 'env' must be an object of string values"),
        (["command": ["ls"], "env": ["A=B": "x"]], "parameter 'env' must be an object of string values"),
        (["command": ["ls"], "timeout": "later"], "parameter 'timeout' must be a non-negative number of seconds"),
        (["command": ["ls"], "maxOutputBytes": -1], "parameter 'maxOutputBytes' must be an integer from 0"),
        (["command": ["ls"], "successExitCodes": [256]], "parameter 'successExitCodes' must be a non-empty array"),
        (["command": ["ls"], "cwd": 5], "parameter 'cwd' must be a directory path; got integer 5"),
    ]

    @Test(arguments: invalid)
    func invalidParametersAreNamed(parameters: [String: JSONValue], message: String) async {
        let failure = await ActionTesting.failure(shell, parameters)
        #expect(failure?.code == "parameter.invalid")
        #expect(failure?.message.contains(message) == true, "\(failure?.message ?? "")")
    }

    @Test func missingCommandIsNamed() async {
        let failure = await ActionTesting.failure(shell, [:])
        #expect(failure?.code == "parameter.missing")
        #expect(failure?.message.contains("'command'") == true)
    }
}
