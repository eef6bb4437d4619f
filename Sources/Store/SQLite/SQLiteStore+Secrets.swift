import Foundation
import GRDB
import Workflow

/// Stored secrets: one row per name, the value sealed with AES-256-GCM under the secrets key (never in clear).
extension SQLiteStore {
    public func setSecret(name: String, value: Secret, actor: String, at: Date) async throws -> SecretWrite {
        guard options.secretsKey != nil else {
            throw StoreError(
                code: "store.secretsKey",
                message: "stored secrets need a secrets key (HOME/secrets.key); the store was opened without one")
        }
        let sealed = try seal(value, what: "the secret '\(name)'")
        let time = StoreCoding.millis(at)
        return try await write { db in
            let existing = try Int64.fetchOne(
                db, sql: "SELECT created_at FROM secrets WHERE name = ?", arguments: [name])
            try db.execute(
                sql: """
                    INSERT INTO secrets (name, sealed, created_at, updated_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (name) DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at
                    """,
                arguments: [name, sealed, time, time])
            try Self.insertAudit(
                db, AuditEntry(at: at, actor: actor, action: "secret.set", subjectKind: "secret", subjectID: name))
            return SecretWrite(
                info: SecretInfo(
                    name: name, createdAt: StoreCoding.date(existing ?? time), updatedAt: StoreCoding.date(time)),
                created: existing == nil)
        }
    }

    public func secretInfos() async throws -> [SecretInfo] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT name, created_at, updated_at FROM secrets ORDER BY name")
                .map(Self.secretInfo)
        }
    }

    public func secretInfo(name: String) async throws -> SecretInfo? {
        try await read { db in
            try Row.fetchOne(
                db, sql: "SELECT name, created_at, updated_at FROM secrets WHERE name = ?", arguments: [name]
            ).map(Self.secretInfo)
        }
    }

    public func deleteSecret(name: String, actor: String, at: Date) async throws {
        try await write { db in
            try db.execute(sql: "DELETE FROM secrets WHERE name = ?", arguments: [name])
            guard db.changesCount == 1 else { throw StoreError(code: "store.notFound", message: "no secret '\(name)'") }
            try Self.insertAudit(
                db, AuditEntry(at: at, actor: actor, action: "secret.delete", subjectKind: "secret", subjectID: name))
        }
    }

    public func secretValues(names: Set<String>) async throws -> [String: Secret] {
        guard !names.isEmpty else { return [:] }
        let rows = try await read { db in
            try Row.fetchAll(db, sql: "SELECT name, sealed FROM secrets ORDER BY name").filter {
                names.contains($0["name"] as String)
            }.map { ($0["name"] as String, $0["sealed"] as String) }
        }
        var values: [String: Secret] = [:]
        for (name, sealed) in rows { values[name] = try open(sealed, what: "the secret '\(name)'") }
        return values
    }

    private static func secretInfo(_ row: Row) -> SecretInfo {
        SecretInfo(
            name: row["name"], createdAt: StoreCoding.date(row["created_at"] as Int64),
            updatedAt: StoreCoding.date(row["updated_at"] as Int64))
    }
}
