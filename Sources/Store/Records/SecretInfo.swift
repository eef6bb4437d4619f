import Foundation

/// A stored secret without its value: what `GET /api/v2/secrets` and `sundial secrets list` show.
public struct SecretInfo: Hashable, Sendable {
    /// The name templates use: `{{ Secrets.<name> }}`.
    public var name: String
    public var createdAt: Date
    /// When the value was last replaced (equal to `createdAt` until then).
    public var updatedAt: Date

    public init(name: String, createdAt: Date, updatedAt: Date) {
        self.name = name
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// What `Store.setSecret` did: the secret as stored now, and whether it was new.
public struct SecretWrite: Hashable, Sendable {
    public var info: SecretInfo
    /// `true` when no secret of that name existed before.
    public var created: Bool

    public init(info: SecretInfo, created: Bool) {
        self.info = info
        self.created = created
    }
}
