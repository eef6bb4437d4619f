import Foundation
import Workflow

/// One trigger of a live workflow, with what the scheduler needs of the workflow: its id and creation time (the
/// anchor of a bare RRULE).
public struct WorkflowTrigger: Hashable, Sendable {
    public var workflowID: String
    public var createdAt: Date
    public var trigger: Trigger

    public init(workflowID: String, createdAt: Date, trigger: Trigger) {
        self.workflowID = workflowID
        self.createdAt = createdAt
        self.trigger = trigger
    }
}
