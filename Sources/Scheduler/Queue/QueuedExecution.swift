/// An execution waiting in an `ExecutionQueue`.
public struct QueuedExecution<ID: Hashable>: Hashable {
    /// The execution's identifier.
    public let id: ID
    /// 1 (highest) … 9 (lowest).
    public let priority: Int
    /// When its trigger fired (milliseconds); earlier fires go first within a priority.
    public let fireTime: Int64
    /// Push order, breaking ties between equal fire times.
    public let sequence: UInt64

    public init(id: ID, priority: Int, fireTime: Int64, sequence: UInt64) {
        self.id = id
        self.priority = priority
        self.fireTime = fireTime
        self.sequence = sequence
    }

    /// Whether `self` goes before `other` within one priority.
    @inlinable
    func precedes(_ other: QueuedExecution) -> Bool {
        (fireTime, sequence) < (other.fireTime, other.sequence)
    }
}

extension QueuedExecution: Sendable where ID: Sendable {}
