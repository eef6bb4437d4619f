import Agent
import HTTPTypes
import Store
import Testing

@Suite("Agent configuration")
struct ConfigurationTests {
    @Test("defaults: the default home, 127.0.0.1:8470, FULL")
    func defaults() {
        let plain = AgentConfiguration(environment: [:])
        #expect(plain.home == DefaultHome.current(environment: [:]).path)
        #expect(plain.listen.description == "127.0.0.1:8470")
        #expect(plain.synchronous == "full")
        #expect(AgentConfiguration(environment: ["SUNDIAL_HOME": "/srv/s"]).databasePath == "/srv/s/sundial.db")
    }

    @Test(
        "the default home does not depend on the current directory; an old ./.sundial is found and named",
        arguments: [
            (["SUNDIAL_HOME": "/srv/s"], true, true, "/srv/s", false),
            ([:], true, false, "/var/lib/sundial", false),
            (["HOME": "/home/ops"], false, false, "/home/ops/.local/state/sundial", false),
            (["HOME": "/home/ops", "XDG_STATE_HOME": "/state/"], false, false, "/state/sundial", false),
            (["HOME": "/home/ops", "XDG_STATE_HOME": "relative"], false, false, "/home/ops/.local/state/sundial", false),
            (["HOME": "/home/ops"], false, true, "./.sundial", true),
            (["SUNDIAL_HOME": ""], true, true, "./.sundial", true),
        ])
    func defaultHome(environment: [String: String], isRoot: Bool, legacy: Bool, path: String, isLegacy: Bool) {
        let home = DefaultHome.resolve(environment: environment, isRoot: isRoot, legacyExists: legacy)
        #expect(home.path == path)
        #expect(home.isLegacy == isLegacy)
        #expect((home.legacyNotice != nil) == isLegacy)
        if isLegacy { #expect(home.legacyNotice?.contains("the default is now \(home.standard)") == true) }
    }

    @Test("a YAML file sets what it names and keeps the other defaults")
    func yaml() throws {
        let configuration = try AgentConfiguration.load(
            yaml: """
                listen: 0.0.0.0:9000
                workers: 3
                workflowConcurrency: 2
                synchronous: normal
                allowOutbound: [127.0.0.1]
                limits: {maxBodyBytes: 4096}
                logFormat: json
                """, environment: [:])
        #expect(configuration.listen == ListenAddress(host: "0.0.0.0", port: 9000))
        #expect(configuration.workers == 3)
        #expect(configuration.workflowConcurrency == 2)
        #expect(configuration.limits.maxBodyBytes == 4096)
        #expect(configuration.limits.maxJSONDepth == AgentLimits().maxJSONDepth)
        #expect(configuration.logFormat == .json)
        #expect(configuration.home == DefaultHome.current(environment: [:]).path)
    }

    @Test(
        "bad values are refused with what is accepted",
        arguments: [
            "workers: 0", "synchronous: sometimes", "listen: localhost", "logLevel: loud", "limits: {maxJSONDepth: 0}",
        ])
    func refused(_ text: String) {
        #expect(throws: ConfigurationError.self) { try AgentConfiguration.load(yaml: text, environment: [:]) }
    }

    @Test("the callback secret file and concurrency: defaults, YAML, and what is refused")
    func callbacks() throws {
        let plain = AgentConfiguration(environment: ["SUNDIAL_HOME": "/srv/s"])
        #expect(plain.callbackSecretFile == nil && plain.callbackSecretPath == "/srv/s/callback.key")
        #expect(plain.callbackConcurrency == 32)
        let configured = try AgentConfiguration.load(
            yaml: "callbackSecretFile: /etc/sundial/hooks.key\ncallbackConcurrency: 4", environment: [:])
        #expect(configured.callbackSecretPath == "/etc/sundial/hooks.key")
        #expect(configured.callbackConcurrency == 4)
        do {
            _ = try AgentConfiguration.load(yaml: "callbackConcurrency: 0", environment: [:])
            Issue.record("callbackConcurrency 0 was accepted")
        } catch {
            #expect(error.message == "callbackConcurrency must be 1 to 1024, found 0")
        }
    }

    @Test("retention: 30 days by default, YAML, no policy when everything is kept, and what is refused")
    func retention() throws {
        let plain = AgentConfiguration(environment: [:])
        #expect(plain.retention == AgentRetention(maxAgeDays: 30, maxExecutionsPerWorkflow: nil))
        #expect(plain.retention.policy == RetentionPolicy(maxAge: .seconds(30 * 86_400)))
        let counted = try AgentConfiguration.load(yaml: "retention: {maxExecutionsPerWorkflow: 500}", environment: [:])
        #expect(counted.retention.policy == RetentionPolicy(maxExecutionsPerWorkflow: 500, maxAge: .seconds(2_592_000)))
        let forever = try AgentConfiguration.load(yaml: "retention: {maxAgeDays: 0}", environment: [:])
        #expect(forever.retention.policy == nil)
        for (text, message) in [
            ("retention: {maxAgeDays: -1}", "retention.maxAgeDays must be 0 (keep for ever) or more, found -1"),
            (
                "retention: {maxExecutionsPerWorkflow: 0}",
                "retention.maxExecutionsPerWorkflow must be at least 1 (leave it out for no limit), found 0"
            ),
        ] {
            let error = #expect(throws: ConfigurationError.self) { try AgentConfiguration.load(yaml: text, environment: [:]) }
            #expect(error?.message == message)
        }
    }

    @Test(
        "a value of the wrong type names the file, the key, what was found and what is accepted",
        arguments: [
            ("workers: \"four\"", "agent.yaml: workers: expected an integer, found the string \"four\""),
            (
                "limits: {maxJSONDepth: deep}",
                "agent.yaml: limits.maxJSONDepth: expected an integer, found the string \"deep\""
            ),
            ("logFormat: xml", "agent.yaml: logFormat: expected one of text, json, found \"xml\""),
            (
                "allowOutbound: 127.0.0.1",
                "agent.yaml: allowOutbound: expected an array, found the string \"127.0.0.1\""
            ),
            ("limits: {maxJSONDepth: 300}", "limits.maxJSONDepth must be 1 to 200, found 300"),
        ])
    func decodingMessages(_ text: String, message: String) {
        let error = #expect(throws: ConfigurationError.self) {
            try AgentConfiguration.load(yaml: text, source: "agent.yaml", environment: [:])
        }
        #expect(error?.message == message)
        for word in ["DecodingError", "codingPath", "Swift.", "Context("] {
            #expect(error?.message.contains(word) == false)
        }
    }

    @Test("a file that is not YAML says so on one line, naming the file")
    func notYAML() {
        let error = #expect(throws: ConfigurationError.self) {
            try AgentConfiguration.load(yaml: "workers: [1,\n  listen: :", source: "agent.yaml", environment: [:])
        }
        #expect(error?.message.hasPrefix("agent.yaml is not valid YAML: ") == true, "\(String(describing: error))")
        #expect(error?.message.contains("\n") == false)
    }

    @Test("listen addresses with IPv6 brackets")
    func listen() throws {
        #expect(try ListenAddress(parsing: "[::1]:8470") == ListenAddress(host: "::1", port: 8470))
        #expect(throws: ConfigurationError.self) { try ListenAddress(parsing: "127.0.0.1:70000") }
    }
}
