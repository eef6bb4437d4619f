import Actions
import Logging
import ServiceLifecycle
import Store
import Testing

@testable import Agent

@Suite("A failed service stops the agent")
struct ServiceFailureTests {
    struct Broken: Error {}

    /// A service that fails as soon as it runs, as the HTTP server does on a busy port.
    struct FailingService: Service {
        func run() async throws { throw Broken() }
    }

    @Test(
        "the worker pool, idle in the dispatcher, ends when another service fails; the failure is logged",
        .timeLimit(.minutes(1)))
    func workersStop() async throws {
        let log = LogCapture()
        var logger = Logger(label: "test") { _ in log.handler() }
        logger.logLevel = .trace
        try await SQLiteStore.withStore(.inMemory) { store in
            let runtime = AgentRuntime(
                store: store, registry: ActionRegistry.builtIns(), dispatcher: ExecutionDispatcher(), logger: logger)
            let services: [any Service] = [WorkerPool(runtime: runtime, workers: 2), FailingService()]
            let group = ServiceGroup(
                configuration: ServiceGroupConfiguration(
                    services: zip(["workers", "http"], services).map { name, service in
                        .init(service: ReportedService(name: name, base: service, logger: logger))
                    },
                    logger: logger))
            // On the old dispatcher the workers never returned and this hung (the time limit ends it).
            await #expect(throws: Broken.self) { try await group.run() }
            #expect(log.all.contains { $0.contains("a service of the agent failed; stopping the agent") })
        }
    }
}
