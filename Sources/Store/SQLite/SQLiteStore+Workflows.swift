import Foundation
import GRDB
import Workflow

extension SQLiteStore {
    public func createWorkflow(id: String, definition: WorkflowDefinition, actor: String, at: Date) async throws
        -> StoredWorkflow
    {
        let text = try StoreCoding.json(definition)
        let time = StoreCoding.millis(at)
        try await write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM workflows WHERE id = ?", arguments: [id]) == true {
                throw StoreError.conflict("a workflow with id '\(id)' already exists")
            }
            try db.execute(
                sql: """
                    INSERT INTO workflows (id, name, version, definition, created_at, created_by, updated_at, updated_by)
                    VALUES (?, ?, 1, ?, ?, ?, ?, ?)
                    """,
                arguments: [id, definition.name, text, time, actor, time, actor])
            try Self.insertVersion(db, id: id, version: 1, definition: text, at: time, actor: actor)
            try Self.insertAudit(
                db,
                AuditEntry(
                    at: at, actor: actor, action: "workflow.create", subjectKind: "workflow", subjectID: id,
                    detail: "version 1"))
        }
        return StoredWorkflow(
            id: id, definition: definition, version: 1, createdAt: StoreCoding.date(time), createdBy: actor,
            updatedAt: StoreCoding.date(time), updatedBy: actor)
    }

    public func updateWorkflow(id: String, definition: WorkflowDefinition, actor: String, at: Date) async throws
        -> StoredWorkflow
    {
        let text = try StoreCoding.json(definition)
        let time = StoreCoding.millis(at)
        try await write { db in
            guard
                let version = try Int.fetchOne(
                    db, sql: "SELECT version FROM workflows WHERE id = ? AND deleted_at IS NULL", arguments: [id])
            else { throw StoreError.notFound("workflow", id) }
            try db.execute(
                sql: """
                    UPDATE workflows SET name = ?, version = ?, definition = ?, updated_at = ?, updated_by = ?
                    WHERE id = ?
                    """,
                arguments: [definition.name, version + 1, text, time, actor, id])
            try Self.insertVersion(db, id: id, version: version + 1, definition: text, at: time, actor: actor)
            try Self.insertAudit(
                db,
                AuditEntry(
                    at: at, actor: actor, action: "workflow.update", subjectKind: "workflow", subjectID: id,
                    detail: "version \(version + 1)"))
        }
        guard let stored = try await workflow(id: id) else { throw StoreError.notFound("workflow", id) }
        return stored
    }

    public func deleteWorkflow(id: String, actor: String, at: Date) async throws {
        let time = StoreCoding.millis(at)
        try await write { db in
            try db.execute(
                sql: "UPDATE workflows SET deleted_at = ?, deleted_by = ? WHERE id = ? AND deleted_at IS NULL",
                arguments: [time, actor, id])
            guard db.changesCount == 1 else { throw StoreError.notFound("workflow", id) }
            try db.execute(sql: "UPDATE trigger_states SET armed = 0 WHERE workflow_id = ?", arguments: [id])
            try Self.insertAudit(
                db, AuditEntry(at: at, actor: actor, action: "workflow.delete", subjectKind: "workflow", subjectID: id))
        }
    }

    public func workflow(id: String) async throws -> StoredWorkflow? {
        try await read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM workflows WHERE id = ?"), arguments: [id])
                .map(self.storedWorkflow)
        }
    }

    public func workflows(includeDeleted: Bool) async throws -> [StoredWorkflow] {
        let filter = includeDeleted ? "" : "WHERE deleted_at IS NULL"
        return try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM workflows \(filter) ORDER BY name, id").map(self.storedWorkflow)
        }
    }

    public func workflowVersions(id: String) async throws -> [WorkflowVersion] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM workflow_versions WHERE workflow_id = ? ORDER BY version", arguments: [id]
            ).map { row in
                WorkflowVersion(
                    workflowID: row["workflow_id"], version: row["version"],
                    definition: try StoreCoding.decode(WorkflowDefinition.self, row["definition"] as String),
                    changedAt: StoreCoding.date(row["changed_at"] as Int64), changedBy: row["changed_by"])
            }
        }
    }

    private static func insertVersion(
        _ db: Database, id: String, version: Int, definition: String, at: Int64, actor: String
    ) throws {
        try db.execute(
            sql: """
                INSERT INTO workflow_versions (workflow_id, version, definition, changed_at, changed_by)
                VALUES (?, ?, ?, ?, ?)
                """,
            arguments: [id, version, definition, at, actor])
    }

    /// The workflow in `row`; its definition is decoded only when the cache lacks this version of it.
    private func storedWorkflow(_ row: Row) throws -> StoredWorkflow {
        let id: String = row["id"]
        let version: Int = row["version"]
        let updatedAt: Int64 = row["updated_at"]
        let definition = try definitions.definition(id: id, version: version, updatedAt: updatedAt) {
            try StoreCoding.decode(WorkflowDefinition.self, row["definition"] as String)
        }
        return StoredWorkflow(
            id: id, definition: definition, version: version, createdAt: StoreCoding.date(row["created_at"] as Int64),
            createdBy: row["created_by"], updatedAt: StoreCoding.date(updatedAt),
            updatedBy: row["updated_by"], deletedAt: StoreCoding.dateIfAny(row["deleted_at"] as Int64?),
            deletedBy: row["deleted_by"])
    }
}
