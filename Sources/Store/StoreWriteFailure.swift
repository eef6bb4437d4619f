import Foundation

/// Why the store cannot write at the moment: the error of its last failed commit, when the failures began, and how
/// many commits in a row have failed since. It clears at the next commit that succeeds.
///
/// Only failures of the database itself count (`store.full`, `store.io`, `store.readOnly`, `store.cannotOpen`,
/// `store.busy`, `store.corrupt`): a write refused for what it asked (a conflict, a missing row) says nothing about
/// whether the next one can be written.
public struct StoreWriteFailure: Hashable, Sendable {
    /// The error of the newest failed commit.
    public var error: StoreError
    /// When the first commit of this run of failures failed.
    public var since: Date
    /// Commits that failed in a row.
    public var failedCommits: Int

    public init(error: StoreError, since: Date, failedCommits: Int) {
        self.error = error
        self.since = since
        self.failedCommits = failedCommits
    }

    /// The codes of errors that are about the database rather than one write: a write that failed with one may
    /// succeed unchanged once the operator has fixed the database (freed space, remounted it writable).
    public static let databaseCodes: Set<String> = [
        "store.full", "store.io", "store.readOnly", "store.cannotOpen", "store.busy", "store.corrupt",
    ]

    /// Whether `error` is about the database rather than the write, so the same write may succeed later.
    public static func isAboutTheDatabase(_ error: any Error) -> Bool {
        guard let error = error as? StoreError else { return false }
        return databaseCodes.contains(error.code)
    }
}
