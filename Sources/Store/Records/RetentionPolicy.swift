import Foundation

/// How many finished executions to keep: pruning removes those past either limit (running ones are never pruned,
/// nor ones whose callback is still to be delivered).
public struct RetentionPolicy: Hashable, Sendable {
    /// Keep at most this many finished executions per workflow (the newest).
    public var maxExecutionsPerWorkflow: Int?
    /// Remove finished executions that ended longer ago than this.
    public var maxAge: Duration?
    /// How many executions one pruning transaction removes, so the writer is never held for long.
    public var batchSize: Int

    public init(maxExecutionsPerWorkflow: Int? = nil, maxAge: Duration? = nil, batchSize: Int = 200) {
        self.maxExecutionsPerWorkflow = maxExecutionsPerWorkflow
        self.maxAge = maxAge
        self.batchSize = batchSize
    }
}
