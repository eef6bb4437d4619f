import Testing

@Suite("sundial --help")
struct HelpCLITests {
    @Test(
        "every command explains itself",
        arguments: [
            ([String](), "A workflow automation agent"),
            (["rrule"], "Print the occurrences of an RFC 5545 recurrence rule."),
            (["validate"], "Check a workflow file and list every problem in it."),
            (["run"], "Run a workflow file once, here and now, and show each step."),
        ])
    func help(_ command: [String], abstract: String) throws {
        let result = try Sundial.run(command + ["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains(abstract))
        #expect(result.stdout.contains("USAGE: sundial"))
    }

    @Test("the root help lists the subcommands")
    func subcommands() throws {
        let result = try Sundial.run(["--help"])
        for name in ["rrule", "validate", "run"] {
            #expect(result.stdout.contains("  \(name) "), "missing \(name) in:\n\(result.stdout)")
        }
    }

    @Test("run --help documents the exit statuses and options")
    func runHelp() throws {
        let result = try Sundial.run(["run", "--help"])
        for text in [
            "--payload", "--trigger", "--json", "--actions-dir", "--allow-outbound", "Exit status: 0", "Ctrl-C",
        ] {
            #expect(result.stdout.contains(text), "missing \(text)")
        }
    }
}
