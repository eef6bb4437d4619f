import Foundation
import Store
import Workflow

/// A workflow an alert can reach: its handle and what its monitor trigger asks for.
public struct AlertRoute: Hashable, Sendable {
    public var workflowID: String
    /// Lowercased, as alerts' handles are.
    public var handle: String
    /// Whether the workflow has a `monitorTrigger` (without one, an alert naming it starts nothing).
    public var hasMonitorTrigger: Bool
    /// `monitorTrigger.notifyOnRecovery`: resolved alerts start it too.
    public var notifyOnRecovery: Bool

    public init(workflowID: String, handle: String, hasMonitorTrigger: Bool, notifyOnRecovery: Bool) {
        self.workflowID = workflowID
        self.handle = handle.lowercased()
        self.hasMonitorTrigger = hasMonitorTrigger
        self.notifyOnRecovery = notifyOnRecovery
    }

    /// The routes of the workflows that have a handle, in id order. Whether a workflow is published is for the
    /// trigger core to judge (it records the skipped fire), so unpublished ones are included.
    public static func routes(from workflows: [StoredWorkflow]) -> [AlertRoute] {
        workflows.filter { !$0.isDeleted }.sorted { $0.id < $1.id }.compactMap { workflow in
            let spec = workflow.definition.spec
            guard let handle = spec.handle?.trimmingCharacters(in: .whitespaces), !handle.isEmpty else { return nil }
            let monitor = spec.trigger(.monitor)
            return AlertRoute(
                workflowID: workflow.id, handle: handle, hasMonitorTrigger: monitor != nil,
                notifyOnRecovery: monitor?.settings.notifyOnRecovery ?? false)
        }
    }
}
