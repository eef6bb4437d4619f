import Foundation
import Logging
import ServiceLifecycle
import Store

/// Prunes finished executions past the retention policy (`AgentRetention`), with their fires and webhook ids, in
/// the background: batch after batch while there is work, each its own short write, then a pause of `interval`.
/// A failed pass is logged and tried again after the pause; graceful shutdown stops it at once.
struct RetentionService: Service {
    let store: any Store
    let policy: RetentionPolicy
    var interval: Duration = .seconds(60)
    let now: @Sendable () -> Date
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await pass()
                try? await Task.sleep(for: interval)
            }
        }
    }

    /// Prunes until nothing is left; returns how many executions went (0 after a failure, which is logged).
    @discardableResult
    func pass() async -> Int {
        let pruner = RetentionPruner(store: store, policy: policy, clock: ContinuousClock(), now: now)
        do {
            let removed = try await pruner.pruneAll()
            if removed > 0 {
                logger.info(
                    "pruned finished executions past retention", metadata: ["executions": "\(removed)"])
            }
            return removed
        } catch is CancellationError {
            return 0
        } catch {
            logger.error(
                "could not prune finished executions; trying again later",
                metadata: ["error": "\(String(describing: error))"])
            return 0
        }
    }
}
