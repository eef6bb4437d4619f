import ServiceLifecycle

/// The service that runs the trigger core's schedule driver in the agent's `ServiceGroup`, arming the stored
/// schedule triggers while it already runs (so a trigger fires on time even while the others are still being
/// armed); on graceful shutdown it stops taking new fires and finishes writing the ones decided.
public struct ScheduleDriver: Service {
    public var core: TriggerCore
    /// Whether to arm the stored triggers when the service starts (`TriggerCore.armStoredTriggers()`).
    public var armsStoredTriggers: Bool

    public init(core: TriggerCore, armsStoredTriggers: Bool = true) {
        self.core = core
        self.armsStoredTriggers = armsStoredTriggers
    }

    public func run() async throws {
        try await withGracefulShutdownHandler {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await core.run() }
                if armsStoredTriggers {
                    do {
                        try await core.armStoredTriggers()
                    } catch {
                        core.stop()
                        throw error
                    }
                }
                try await group.waitForAll()
            }
        } onGracefulShutdown: {
            core.stop()
        }
    }
}
