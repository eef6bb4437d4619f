import Foundation
import Workflow

/// A workflow as the store keeps it: the current definition, its version and who changed it when.
public struct StoredWorkflow: Hashable, Sendable {
    public var id: String
    public var definition: WorkflowDefinition
    /// 1 for the definition it was created with, one more for every update.
    public var version: Int
    public var createdAt: Date
    public var createdBy: String
    public var updatedAt: Date
    public var updatedBy: String
    /// Set when the workflow was deleted; a deleted workflow keeps its history and executions.
    public var deletedAt: Date?
    public var deletedBy: String?

    public init(
        id: String, definition: WorkflowDefinition, version: Int, createdAt: Date, createdBy: String,
        updatedAt: Date, updatedBy: String, deletedAt: Date? = nil, deletedBy: String? = nil
    ) {
        self.id = id
        self.definition = definition
        self.version = version
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
        self.deletedAt = deletedAt
        self.deletedBy = deletedBy
    }

    public var isDeleted: Bool { deletedAt != nil }
}

/// One version of a workflow's definition, with who wrote it and when.
public struct WorkflowVersion: Hashable, Sendable {
    public var workflowID: String
    public var version: Int
    public var definition: WorkflowDefinition
    public var changedAt: Date
    public var changedBy: String

    public init(workflowID: String, version: Int, definition: WorkflowDefinition, changedAt: Date, changedBy: String) {
        self.workflowID = workflowID
        self.version = version
        self.definition = definition
        self.changedAt = changedAt
        self.changedBy = changedBy
    }
}
