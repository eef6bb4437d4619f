import Crypto
import Foundation
import GRDB
import Workflow

/// API keys (only a token's SHA-256 is kept) and connection credentials (sealed when a secrets key is set).
extension SQLiteStore {
    public func createAPIKey(id: String, name: String, token: String, scopes: Set<String>, at: Date) async throws
        -> APIKey
    {
        let hash = Self.sha256(token)
        let time = StoreCoding.millis(at)
        let scopeText = try StoreCoding.json(scopes.sorted())
        try await write { db in
            try db.execute(
                sql: "INSERT INTO api_keys (id, name, token_sha256, scopes, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [id, name, hash, scopeText, time])
            try Self.insertAudit(
                db,
                AuditEntry(
                    at: at, actor: "system", action: "apiKey.create", subjectKind: "apiKey", subjectID: id, detail: name
                ))
        }
        return APIKey(id: id, name: name, scopes: scopes, createdAt: StoreCoding.date(time))
    }

    public func authenticate(token: String, at: Date) async throws -> APIKey? {
        let hash = Self.sha256(token)
        guard
            let key = try await read({ db in
                try Row.fetchOne(
                    db.cachedStatement(sql: "SELECT * FROM api_keys WHERE token_sha256 = ? AND revoked_at IS NULL"),
                    arguments: [hash]
                ).map(Self.apiKey)
            })
        else { return nil }
        // Marking a key used is a write; once a minute per key is precise enough and keeps reads cheap.
        let time = StoreCoding.millis(at)
        if (key.lastUsedAt.map { StoreCoding.millis($0) } ?? Int64.min) < time - 60_000 {
            try await write { db in
                try db.execute(sql: "UPDATE api_keys SET last_used_at = ? WHERE id = ?", arguments: [time, key.id])
            }
        }
        return key
    }

    public func revokeAPIKey(id: String, actor: String, at: Date) async throws {
        let time = StoreCoding.millis(at)
        try await write { db in
            try db.execute(
                sql: "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", arguments: [time, id])
            guard db.changesCount == 1 else { throw StoreError.notFound("active API key", id) }
            try Self.insertAudit(
                db, AuditEntry(at: at, actor: actor, action: "apiKey.revoke", subjectKind: "apiKey", subjectID: id))
        }
    }

    public func apiKeys() async throws -> [APIKey] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM api_keys ORDER BY created_at, id").map(Self.apiKey)
        }
    }

    public func saveConnection(id: String, name: String, kind: String, secret: Secret, actor: String, at: Date)
        async throws
    {
        let sealed = try seal(secret)
        let time = StoreCoding.millis(at)
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO connections (id, name, kind, secret, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind,
                        secret = excluded.secret, updated_at = excluded.updated_at
                    """,
                arguments: [id, name, kind, sealed, time, time])
            try Self.insertAudit(
                db,
                AuditEntry(
                    at: at, actor: actor, action: "connection.save", subjectKind: "connection", subjectID: id,
                    detail: name))
        }
    }

    public func connections() async throws -> [ConnectionInfo] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT id, name, kind, created_at, updated_at FROM connections ORDER BY name")
                .map { row in
                    ConnectionInfo(
                        id: row["id"], name: row["name"], kind: row["kind"],
                        createdAt: StoreCoding.date(row["created_at"] as Int64),
                        updatedAt: StoreCoding.date(row["updated_at"] as Int64))
                }
        }
    }

    public func connectionSecret(id: String) async throws -> Secret? {
        let stored = try await read { db in
            try String.fetchOne(db, sql: "SELECT secret FROM connections WHERE id = ?", arguments: [id])
        }
        return try stored.map { try open($0) }
    }

    static func sha256(_ token: String) -> String {
        Hex.string(SHA256.hash(data: Data(token.utf8)))
    }

    /// `aesgcm:<base64 of nonce, ciphertext and tag>` under the secrets key, or `plain:<value>` without one.
    /// - Parameter what: what the value is, for the error messages (`a connection secret`, `the secret 'token'`).
    func seal(_ secret: Secret, what: String = "a connection secret") throws -> String {
        guard let key = options.secretsKey.map({ SymmetricKey(data: $0) }) else { return "plain:" + secret.value }
        guard let combined = try AES.GCM.seal(Data(secret.value.utf8), using: key).combined else {
            throw StoreError(code: "store.crypto", message: "sealing \(what) failed")
        }
        return "aesgcm:" + combined.base64EncodedString()
    }

    func open(_ stored: String, what: String = "a connection secret") throws -> Secret {
        if stored.hasPrefix("plain:") { return Secret(String(stored.dropFirst(6))) }
        guard stored.hasPrefix("aesgcm:"), let data = Data(base64Encoded: String(stored.dropFirst(7))) else {
            throw StoreError(code: "store.corrupt", message: "\(what) is stored in an unknown form")
        }
        guard let key = options.secretsKey.map({ SymmetricKey(data: $0) }) else {
            throw StoreError(
                code: "store.secretsKey",
                message: "\(what) is sealed but no secrets key was given; start with the key it was sealed with")
        }
        do {
            let plain = try AES.GCM.open(AES.GCM.SealedBox(combined: data), using: key)
            return Secret(String(decoding: plain, as: UTF8.self))
        } catch {
            throw StoreError(
                code: "store.secretsKey",
                message: "\(what) does not open with the given secrets key; start with the key it was sealed with")
        }
    }

    private static func apiKey(_ row: Row) throws -> APIKey {
        APIKey(
            id: row["id"], name: row["name"],
            scopes: Set(try StoreCoding.decode([String].self, row["scopes"] as String)),
            createdAt: StoreCoding.date(row["created_at"] as Int64),
            lastUsedAt: StoreCoding.dateIfAny(row["last_used_at"] as Int64?),
            revokedAt: StoreCoding.dateIfAny(row["revoked_at"] as Int64?))
    }
}
