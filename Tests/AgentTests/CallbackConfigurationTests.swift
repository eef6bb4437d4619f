import Agent
import Testing

/// The callback settings of the agent's configuration file: defaults, values read, values refused.
@Suite("Callback configuration")
struct CallbackConfigurationTests {
    @Test func defaultsAreFourPerReceiverAndFiveSecondsToConnect() throws {
        let configuration = try AgentConfiguration.load(yaml: "", environment: [:])
        #expect(configuration.callbackConcurrency == 32)
        #expect(configuration.callbackPerReceiverConcurrency == 4)
        #expect(configuration.callbackConnectTimeoutSeconds == 5)
    }

    @Test func valuesAreRead() throws {
        let configuration = try AgentConfiguration.load(
            yaml: "callbackConcurrency: 64\ncallbackPerReceiverConcurrency: 8\ncallbackConnectTimeoutSeconds: 2",
            environment: [:])
        #expect(configuration.callbackPerReceiverConcurrency == 8)
        #expect(configuration.callbackConnectTimeoutSeconds == 2)
    }

    @Test func aReceiverNeverHasMoreThanTheGlobalBound() {
        let settings = CallbackSettings(concurrency: 2, perReceiver: CallbackReceivers.Settings(concurrency: 4))
        #expect(settings.perReceiver.concurrency == 2)
    }

    @Test(arguments: [
        ("callbackPerReceiverConcurrency: 0", "callbackPerReceiverConcurrency must be 1 to 1024"),
        ("callbackPerReceiverConcurrency: 1025", "callbackPerReceiverConcurrency must be 1 to 1024"),
        ("callbackConnectTimeoutSeconds: 0", "callbackConnectTimeoutSeconds must be 1 to 30"),
        ("callbackConnectTimeoutSeconds: 31", "callbackConnectTimeoutSeconds must be 1 to 30"),
    ])
    func outOfRangeIsRefusedWithWhatIsAccepted(yaml: String, message: String) {
        do {
            _ = try AgentConfiguration.load(yaml: yaml, environment: [:])
            Issue.record("\(yaml) was accepted")
        } catch {
            #expect(error.message.hasPrefix(message), "\(error.message)")
        }
    }
}
