import Foundation

/// A failure of the store that a user can act on: a stable `code` and a message saying what was wrong and what to do.
public struct StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// About the database: `store.full`, `store.readOnly`, `store.corrupt`, `store.newerSchema`, `store.cannotOpen`,
    /// `store.busy`, `store.io`, `store.constraint`, `store.sqlite`; about the store: `store.closed` (its writer stopped),
    /// `store.secretsKey`, `store.crypto`; about a request: `store.conflict`, `store.notFound`, `store.invalid`,
    /// `store.idempotencyMismatch`.
    public var code: String
    public var message: String
    /// The database file, when the error is about it.
    public var path: String?

    public init(code: String, message: String, path: String? = nil) {
        self.code = code
        self.message = message
        self.path = path
    }

    public var description: String { message }

    static func closed() -> StoreError {
        StoreError(
            code: "store.closed", message: "the store is not running: its writer has stopped, so nothing was written")
    }

    static func notFound(_ what: String, _ id: String) -> StoreError {
        StoreError(code: "store.notFound", message: "no \(what) with id '\(id)'")
    }

    static func conflict(_ message: String) -> StoreError {
        StoreError(code: "store.conflict", message: message)
    }
}
