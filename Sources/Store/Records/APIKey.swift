import Foundation

/// An API key as stored: only the SHA-256 of its token is kept, so the token cannot be read back.
public struct APIKey: Hashable, Sendable {
    public var id: String
    public var name: String
    /// `workflows_read`, `workflows_write`, `workflows_run`…
    public var scopes: Set<String>
    public var createdAt: Date
    public var lastUsedAt: Date?
    public var revokedAt: Date?

    public init(
        id: String, name: String, scopes: Set<String>, createdAt: Date, lastUsedAt: Date? = nil,
        revokedAt: Date? = nil
    ) {
        self.id = id
        self.name = name
        self.scopes = scopes
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
    }
}

/// A connection (credentials for an action) without its secret.
public struct ConnectionInfo: Hashable, Sendable {
    public var id: String
    public var name: String
    /// What kind of credentials it holds (`http.basic`, `http.bearer`…).
    public var kind: String
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: String, name: String, kind: String, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.name = name
        self.kind = kind
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// A secret value that never prints itself: `description` and `debugDescription` are redacted.
public struct Secret: Hashable, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The plaintext; read it only to use it.
    public let value: String

    public init(_ value: String) { self.value = value }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
}
