import ServiceLifecycle

/// The service that runs the trigger core's schedule driver in the agent's `ServiceGroup`; on graceful shutdown it
/// stops taking new fires and finishes writing the ones decided.
public struct ScheduleDriver: Service {
    public var core: TriggerCore

    public init(core: TriggerCore) {
        self.core = core
    }

    public func run() async throws {
        await withGracefulShutdownHandler {
            await core.run()
        } onGracefulShutdown: {
            core.stop()
        }
    }
}
