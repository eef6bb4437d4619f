import Foundation

/// One line of the audit log: who did what to which thing, and when.
public struct AuditEntry: Hashable, Sendable {
    public var at: Date
    /// The API key name or user that acted (`system` for the agent itself).
    public var actor: String
    /// `workflow.create`, `workflow.update`, `workflow.delete`, `execution.run`, `execution.cancel`…
    public var action: String
    /// `workflow`, `execution`, `apiKey`, `connection`.
    public var subjectKind: String
    public var subjectID: String
    /// A short human detail (`version 3`); never a secret.
    public var detail: String?

    public init(at: Date, actor: String, action: String, subjectKind: String, subjectID: String, detail: String? = nil)
    {
        self.at = at
        self.actor = actor
        self.action = action
        self.subjectKind = subjectKind
        self.subjectID = subjectID
        self.detail = detail
    }
}
