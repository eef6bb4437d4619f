import Testing
import Workflow

@testable import Actions

/// A rendered template value is one argument, never shell syntax.
@Suite("sundial.shell injection")
struct ShellInjectionTests {
    static let hostile = [
        "$(id)", "`id`", "; id", "a && id", "x\nid", "| id", "$HOME", "*", "'quoted' \"double\"", "-n", "\\n",
        "> /tmp/sundial-injected",
    ]

    @Test(arguments: hostile)
    func valueReachesTheProgramLiterally(value: String) async throws {
        let result = try await ActionTesting.run(ShellAction(), ["command": ["/usr/bin/printf", "%s", .string(value)]])
        #expect(result.output["stdout"] == .string(value))
    }

    @Test(arguments: hostile)
    func valueIsExactlyOneArgument(value: String) async throws {
        // The script prints its argument count and each argument between brackets; the hostile value is `$1`,
        // data to the shell, never code.
        let script = "printf '%s|' \"$#\"; for a in \"$@\"; do printf '[%s]' \"$a\"; done"
        let result = try await ActionTesting.run(
            ShellAction(), ["command": ["/bin/sh", "-c", .string(script), "sh", .string(value)]])
        #expect(result.output["stdout"] == .string("1|[\(value)]"))
    }
}
