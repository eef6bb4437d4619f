import Foundation
import GRDB
import Workflow

extension SQLiteStore {
    public func mergeProperties(executionID: String, properties: [String: JSONValue], actor: String, at: Date)
        async throws -> Execution
    {
        let keys = properties.keys.sorted().joined(separator: ", ")
        try await write { db in
            guard
                let row = try Row.fetchOne(
                    db.cachedStatement(sql: "SELECT status, properties FROM executions WHERE id = ?"),
                    arguments: [executionID])
            else { throw StoreError.notFound("execution", executionID) }
            let status: String = row["status"]
            if let ended = ExecutionStatus(rawValue: status), ended.isTerminal {
                throw StoreError.conflict(
                    "the instance '\(executionID)' already ended with status \(status); "
                        + "run properties can change only while it is Pending or Running")
            }
            var merged = try StoreCoding.decode([String: JSONValue].self, row["properties"] as String)
            merged.merge(properties) { _, given in given }
            try db.cachedStatement(sql: "UPDATE executions SET properties = ? WHERE id = ?")
                .execute(arguments: [try StoreCoding.json(merged), executionID])
            try Self.insertAudit(
                db,
                AuditEntry(
                    at: at, actor: actor, action: "execution.properties", subjectKind: "execution",
                    subjectID: executionID, detail: keys.isEmpty ? "no keys" : "keys \(keys)"))
        }
        guard let execution = try await execution(id: executionID) else {
            throw StoreError.notFound("execution", executionID)
        }
        return execution
    }
}
