import Agent
import Testing

@Suite("Connection limits configuration")
struct ConnectionLimitsConfigurationTests {
    @Test("maxConnections defaults to half the open-file limit within 64…4096; a configured one is kept")
    func cap() throws {
        #expect(AgentLimits().maxConnections == nil)
        #expect(AgentLimits().connectionCap(fileLimit: 1024) == 512)
        #expect(AgentLimits().connectionCap(fileLimit: 100) == 64)
        #expect(AgentLimits().connectionCap(fileLimit: 1 << 20) == 4096)
        #expect(AgentLimits().connectionCap(fileLimit: .max) == 4096)
        let configuration = try AgentConfiguration.load(
            yaml:
                "limits: {maxConnections: 40, headTimeoutSeconds: 2, bodyReadTimeoutSeconds: 5, idleTimeoutSeconds: 3}",
            environment: [:])
        #expect(configuration.limits.connectionCap(fileLimit: 1024) == 40)
        #expect(configuration.limits.headTimeoutSeconds == 2)
        #expect(configuration.limits.bodyReadTimeoutSeconds == 5)
        #expect(configuration.limits.idleTimeoutSeconds == 3)
        #expect(configuration.limits.maxBodyBytes == AgentLimits().maxBodyBytes)
        let defaults = AgentLimits()
        #expect(defaults.headTimeoutSeconds == 10 && defaults.bodyReadTimeoutSeconds == 30)
        #expect(defaults.idleTimeoutSeconds == 60)
    }

    @Test(
        "bad connection limits are refused, naming the setting",
        arguments: [
            ("limits: {maxConnections: 0}", "limits.maxConnections must be at least 1, found 0"),
            ("limits: {headTimeoutSeconds: 0}", "limits.headTimeoutSeconds must be more than 0"),
            ("limits: {bodyReadTimeoutSeconds: -1}", "limits.bodyReadTimeoutSeconds must be more than 0"),
            ("limits: {idleTimeoutSeconds: 100000}", "limits.idleTimeoutSeconds must be more than 0 and at most 86400"),
        ])
    func refused(yaml: String, message: String) {
        do {
            _ = try AgentConfiguration.load(yaml: yaml, environment: [:])
            Issue.record("\(yaml) was accepted")
        } catch {
            #expect(error.message.contains(message), "\(error.message)")
        }
    }
}
