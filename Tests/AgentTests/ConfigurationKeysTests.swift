import Agent
import Testing

@Suite("Configuration file: unknown keys")
struct ConfigurationKeysTests {
    @Test(
        "an unknown key stops the agent, naming the key and the nearest known one",
        arguments: [
            ("worker: 4", "'worker'", "'workers'"),
            ("listen: 127.0.0.1:8470\nallowOutbond: [127.0.0.1]", "'allowOutbond' (line 2)", "'allowOutbound'"),
            ("limits: {maxBodyByte: 10}", "'limits.maxBodyByte'", "'limits.maxBodyBytes'"),
            ("retention: {maxAgeDay: 3}", "'retention.maxAgeDay'", "'retention.maxAgeDays'"),
            ("allowUnknownAction: true", "'allowUnknownAction'", "'allowUnknownActions'"),
        ])
    func unknownKey(text: String, key: String, nearest: String) throws {
        let error = try #require(throws: ConfigurationError.self) {
            try AgentConfiguration.load(yaml: text, environment: [:])
        }
        #expect(error.message.contains("unknown configuration key \(key)"), "\(error.message)")
        #expect(error.message.contains("did you mean \(nearest)?"), "\(error.message)")
    }

    @Test("a key nothing resembles lists the known keys")
    func farKey() throws {
        let error = try #require(throws: ConfigurationError.self) {
            try AgentConfiguration.load(yaml: "zzz: 1", environment: [:])
        }
        #expect(!error.message.contains("did you mean"))
        #expect(error.message.contains("workers") && error.message.contains("allowUnknownActions"))
    }

    @Test("every documented key is known, and allowUnknownActions is read")
    func knownKeys() throws {
        let text = """
            listen: 127.0.0.1:8470
            home: /tmp/sundial-config-test
            workers: 2
            workflowConcurrency: 1
            synchronous: normal
            allowOutbound: [127.0.0.1]
            limits: {maxBodyBytes: 1024, maxJSONDepth: 8, maxStepsPerWorkflow: 10, maxOutputBytes: 1024}
            logLevel: debug
            logFormat: json
            shutdownGraceSeconds: 5
            callbackSecretFile: /tmp/key
            callbackConcurrency: 4
            retention: {maxAgeDays: 1, maxExecutionsPerWorkflow: 5}
            allowUnknownActions: true
            """
        let configuration = try AgentConfiguration.load(yaml: text, environment: [:])
        #expect(configuration.allowUnknownActions)
        #expect(try AgentConfiguration.load(yaml: "", environment: [:]).allowUnknownActions == false)
    }
}
