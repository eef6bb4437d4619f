import Foundation
import Workflow

/// Which executions to list: every condition that is set must hold; newest first.
public struct ExecutionQuery: Hashable, Sendable {
    public var workflowID: String?
    /// Any of these statuses; empty means all.
    public var statuses: Set<ExecutionStatus>
    /// `startedAt` within `[lower, upper)`.
    public var startedIn: Range<Date>?
    /// `finishedAt` within `[lower, upper)`.
    public var finishedIn: Range<Date>?
    /// How many to skip (paging).
    public var offset: Int
    public var limit: Int

    public init(
        workflowID: String? = nil, statuses: Set<ExecutionStatus> = [], startedIn: Range<Date>? = nil,
        finishedIn: Range<Date>? = nil, offset: Int = 0, limit: Int = 50
    ) {
        self.workflowID = workflowID
        self.statuses = statuses
        self.startedIn = startedIn
        self.finishedIn = finishedIn
        self.offset = offset
        self.limit = limit
    }
}

/// One page of executions and how many match in all.
public struct ExecutionPage: Hashable, Sendable {
    public var executions: [Execution]
    public var total: Int

    public init(executions: [Execution], total: Int) {
        self.executions = executions
        self.total = total
    }
}

/// The answer to a create: a new execution, or the one an earlier request with the same idempotency key created.
public enum ExecutionCreation: Hashable, Sendable {
    case created(Execution)
    case existing(Execution)

    public var execution: Execution {
        switch self {
        case .created(let execution), .existing(let execution): execution
        }
    }
}
