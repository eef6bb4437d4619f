import Foundation
import GRDB

extension SQLiteStore {
    public func appendAudit(_ entry: AuditEntry) async throws {
        try await write { db in try Self.insertAudit(db, entry) }
    }

    public func auditLog(subjectKind: String?, subjectID: String?, limit: Int) async throws -> [AuditEntry] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let subjectKind {
            conditions.append("subject_kind = ?")
            arguments += [subjectKind]
        }
        if let subjectID {
            conditions.append("subject_id = ?")
            arguments += [subjectID]
        }
        arguments += [limit]
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let sql = "SELECT * FROM audit_log \(filter) ORDER BY id DESC LIMIT ?"
        let finalArguments = arguments
        return try await read { db in
            try Row.fetchAll(db, sql: sql, arguments: finalArguments).map { row in
                AuditEntry(
                    at: StoreCoding.date(row["at"] as Int64), actor: row["actor"], action: row["action"],
                    subjectKind: row["subject_kind"], subjectID: row["subject_id"], detail: row["detail"])
            }
        }
    }

    /// Appends an audit line inside the caller's transaction, so the change and its record commit together.
    static func insertAudit(_ db: Database, _ entry: AuditEntry) throws {
        try db.cachedStatement(sql: insertAuditSQL).execute(
            arguments: [
                StoreCoding.millis(entry.at), entry.actor, entry.action, entry.subjectKind, entry.subjectID,
                entry.detail,
            ])
    }

    package static let insertAuditSQL = """
        INSERT INTO audit_log (at, actor, action, subject_kind, subject_id, detail) VALUES (?, ?, ?, ?, ?, ?)
        """
}
