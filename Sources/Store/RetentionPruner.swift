import Foundation

/// Applies a retention policy in the background: small batches, one after another while there is work, then a
/// pause; each batch is its own short write, so the agent's writes interleave with pruning.
public struct RetentionPruner<C: Clock>: Sendable where C.Duration == Duration {
    public let store: any Store
    public let policy: RetentionPolicy
    /// The pause once nothing is left to prune.
    public let interval: Duration
    public let clock: C
    /// The wall-clock time that ages are measured from.
    public let now: @Sendable () -> Date

    public init(
        store: any Store, policy: RetentionPolicy, interval: Duration = .seconds(60), clock: C,
        now: @escaping @Sendable () -> Date
    ) {
        self.store = store
        self.policy = policy
        self.interval = interval
        self.clock = clock
        self.now = now
    }

    /// Prunes batch after batch until one comes back short; returns how many executions went.
    public func pruneAll() async throws -> Int {
        var total = 0
        while true {
            try Task.checkCancellation()
            let removed = try await store.prune(policy, now: now())
            total += removed
            if removed < policy.batchSize { return total }
        }
    }

    /// Prunes, then waits `interval`, until cancelled.
    public func run() async throws {
        while !Task.isCancelled {
            _ = try await pruneAll()
            try await clock.sleep(for: interval)
        }
    }
}
