import Foundation
import Store
import Testing
import Workflow

@Suite("Workflows in the store")
struct WorkflowStoreTests {
    @Test(arguments: StoreKind.allCases)
    func createUpdateKeepsEveryVersionWithWhoAndWhen(kind: StoreKind) async throws {
        try await withTestStore(kind) { store async throws in
            let created = try await store.createWorkflow(
                id: "wf-1", definition: definition("Restart"), actor: "alice", at: time(0))
            #expect(created.version == 1)
            // Read once first, so the update must not be answered with the definition decoded for version 1.
            #expect(try await store.workflow(id: "wf-1")?.definition == definition("Restart"))
            let updated = try await store.updateWorkflow(
                id: "wf-1", definition: definition("Restart v2", steps: ["A", "B"]), actor: "bob", at: time(10))
            #expect(updated.version == 2)
            #expect(updated.definition == definition("Restart v2", steps: ["A", "B"]))
            #expect(updated.createdBy == "alice" && updated.createdAt == time(0))
            #expect(updated.updatedBy == "bob" && updated.updatedAt == time(10))

            let versions = try await store.workflowVersions(id: "wf-1")
            #expect(versions.map(\.version) == [1, 2])
            #expect(versions.map(\.changedBy) == ["alice", "bob"])
            #expect(versions[0].definition == definition("Restart"))
            #expect(try await store.workflow(id: "wf-1") == updated)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func deleteIsSoftAndDisarmsTriggers(kind: StoreKind) async throws {
        try await withTestStore(kind) { store async throws in
            _ = try await store.createWorkflow(id: "wf-1", definition: definition("A"), actor: "alice", at: time(0))
            _ = try await store.createWorkflow(id: "wf-2", definition: definition("B"), actor: "alice", at: time(0))
            try await store.saveTriggerState(
                TriggerState(workflowID: "wf-1", triggerID: "0", armed: true, nextFireAt: time(60)))
            try await store.deleteWorkflow(id: "wf-1", actor: "carol", at: time(5))

            #expect(try await store.workflows(includeDeleted: false).map(\.id) == ["wf-2"])
            #expect(try await store.workflows(includeDeleted: true).map(\.id) == ["wf-1", "wf-2"])
            let deleted = try #require(try await store.workflow(id: "wf-1"))
            #expect(deleted.deletedBy == "carol" && deleted.deletedAt == time(5))
            #expect(try await store.armedTriggers().isEmpty)
            await #expect(throws: StoreError.self) {
                _ = try await store.updateWorkflow(id: "wf-1", definition: definition("A"), actor: "x", at: time(6))
            }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func duplicateAndMissingIdsAreClearErrors(kind: StoreKind) async throws {
        try await withTestStore(kind) { store async throws in
            _ = try await store.createWorkflow(id: "wf-1", definition: definition("A"), actor: "alice", at: time(0))
            let duplicate = await #expect(throws: StoreError.self) {
                _ = try await store.createWorkflow(id: "wf-1", definition: definition("B"), actor: "bob", at: time(1))
            }
            #expect(duplicate?.code == "store.conflict")
            let missing = await #expect(throws: StoreError.self) {
                try await store.deleteWorkflow(id: "nope", actor: "bob", at: time(1))
            }
            #expect(missing?.code == "store.notFound")
            // The failed create wrote nothing: still version 1, named A, one audit line.
            #expect(try await store.workflow(id: "wf-1")?.definition.name == "A")
            #expect(try await store.auditLog(subjectKind: "workflow", subjectID: "wf-1", limit: 10).count == 1)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func auditRecordsWhoDidWhatNewestFirst(kind: StoreKind) async throws {
        try await withTestStore(kind) { store async throws in
            _ = try await store.createWorkflow(id: "wf-1", definition: definition("A"), actor: "alice", at: time(0))
            _ = try await store.updateWorkflow(id: "wf-1", definition: definition("A2"), actor: "bob", at: time(1))
            try await store.deleteWorkflow(id: "wf-1", actor: "carol", at: time(2))
            try await store.appendAudit(
                AuditEntry(
                    at: time(3), actor: "dave", action: "execution.cancel", subjectKind: "execution", subjectID: "e1"))
            let log = try await store.auditLog(subjectKind: "workflow", subjectID: "wf-1", limit: 10)
            #expect(log.map(\.action) == ["workflow.delete", "workflow.update", "workflow.create"])
            #expect(log.map(\.actor) == ["carol", "bob", "alice"])
            #expect(try await store.auditLog(subjectKind: nil, subjectID: nil, limit: 1).first?.actor == "dave")
        }
    }
}
