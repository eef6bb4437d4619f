import Logging
import ServiceLifecycle

/// A service of the agent's group that logs why it failed before the group stops every other one (the group's
/// default for a failed service; its own log says so only at debug level).
///
/// A `ListenError` is not logged here: the command prints it as its one line.
struct ReportedService: Service {
    let name: String
    let base: any Service
    let logger: Logger

    func run() async throws {
        do {
            try await base.run()
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as ListenError {
            throw error
        } catch {
            logger.critical(
                "a service of the agent failed; stopping the agent",
                metadata: ["service": "\(name)", "error": "\(String(describing: error))"])
            throw error
        }
    }
}
