import Foundation
import Store
import Workflow

/// A stored workflow built in memory, for tests of code that reads the store's workflows.
struct StoredWorkflowSample {
    var id: String
    var handle: String?
    var triggers: [Trigger]
    var deleted = false
    var published = true

    var stored: StoredWorkflow {
        let date = Date(timeIntervalSince1970: 1_772_400_000)
        return StoredWorkflow(
            id: id,
            definition: WorkflowDefinition(
                name: "Workflow \(id)", published: published,
                spec: WorkflowSpec(
                    handle: handle, steps: [Step(name: "Only", actionId: "com.datadoghq.core.noop")],
                    triggers: triggers)),
            version: 1, createdAt: date, createdBy: "test", updatedAt: date, updatedBy: "test",
            deletedAt: deleted ? date : nil, deletedBy: deleted ? "test" : nil)
    }
}
