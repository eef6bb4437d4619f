import Foundation
import Testing

/// What the CLI says about a configuration file or workflow file it cannot decode: the file, the key or JSON
/// pointer, what was found and what is accepted; never Swift's own words.
@Suite("CLI: decoding messages for configuration and workflow files")
struct DecodingMessageCLITests {
    static let swiftWords = ["DecodingError", "codingPath", "Swift.", "Context(", "CodingKeys"]

    static func expectNoSwiftWords(_ result: Sundial.Result, sourceLocation: SourceLocation = #_sourceLocation) {
        for word in swiftWords {
            #expect(!(result.stdout + result.stderr).contains(word), "\(result.stderr)", sourceLocation: sourceLocation)
        }
    }

    @Test("sundial agent --config with a value of the wrong type names the file and key, exit 2")
    func agentConfig() throws {
        let directory = try TemporaryDirectory()
        let config = try directory.write("agent.yaml", "home: \(directory.path("home"))\nworkers: \"four\"\n")
        let result = try Sundial.run(["agent", "--config", config])
        #expect(result.status == 2)
        #expect(result.stderr == "error: \(config): workers: expected an integer, found the string \"four\"\n")
        Self.expectNoSwiftWords(result)
    }

    @Test("sundial validate on a JSON file with a syntax error gives its line and column, exit 2")
    func validateSyntax() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("broken.json", "{\"name\": \"x\",\n  \"spec\": {steps: []}}\n")
        let result = try Sundial.run(["validate", path])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("error: \(path): the file is not valid JSON: "), "\(result.stderr)")
        #expect(result.stderr.contains("line 2, column 12"))
        Self.expectNoSwiftWords(result)
    }

    @Test("sundial validate on a JSON file repeating a member names it, exit 2")
    func validateDuplicate() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(
            "twice.json", #"{"name": "x", "spec": {"steps": [{"name": "A", "actionId": "a", "actionId": "b"}]}}"#)
        let result = try Sundial.run(["validate", path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("/spec/steps/0/actionId"), "\(result.stderr)")
        #expect(result.stderr.contains("appears twice"))
    }

    @Test(
        "sundial validate and run on a member of the wrong type name its pointer, what was found and what is accepted",
        arguments: [
            ("typed.json", #"{"name": "x", "spec": {"steps": [{"name": "A", "actionId": 3}]}}"#),
            ("typed.yaml", "name: x\nspec:\n  steps:\n    - name: A\n      actionId: 3\n"),
        ])
    func wrongType(name: String, text: String) throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(name, text)
        let validate = try Sundial.run(["validate", path])
        #expect(validate.status == 1)
        #expect(validate.stdout == "\(path):/spec/steps/0/actionId: expected a string, found the integer 3\n")
        Self.expectNoSwiftWords(validate)
        let run = try Sundial.run(["run", path])
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("\(path):/spec/steps/0/actionId: expected a string, found the integer 3\n"))
        Self.expectNoSwiftWords(run)
    }

    @Test("sundial run --payload with a syntax error gives its place")
    func payloadSyntax() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(
            "noop.yaml",
            "name: x\nspec:\n  triggers: [{workflowTrigger: {}}]\n  steps:\n    - name: A\n"
                + "      actionId: com.datadoghq.core.noop\n")
        let result = try Sundial.run(["run", "--payload", #"{"a": 1, "a": 2}"#, path])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("error: --payload is not valid JSON: "), "\(result.stderr)")
        #expect(result.stderr.contains("/a, line 1, column 10"))
    }
}
