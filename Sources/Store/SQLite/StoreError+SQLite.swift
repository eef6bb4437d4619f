import GRDB

extension StoreError {
    /// The store error for an SQLite failure, saying what happened and what to do; other errors pass through.
    static func from(_ error: any Error, path: String?) -> any Error {
        guard let error = error as? DatabaseError else { return error }
        let file = path.map { "the database '\($0)'" } ?? "the in-memory database"
        let detail = error.message ?? "\(error.resultCode)"
        switch error.resultCode.primaryResultCode {
        case .SQLITE_FULL:
            return StoreError(
                code: "store.full",
                message: "\(file) is full (\(detail)); free disk space or raise the size limit, "
                    + "nothing of this write was kept",
                path: path)
        case .SQLITE_READONLY:
            return StoreError(
                code: "store.readOnly",
                message: "\(file) is read-only (\(detail)); make it and its directory writable by the "
                    + "agent's user or use another --home",
                path: path)
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return StoreError(
                code: "store.corrupt",
                message: "\(file) is not a Sundial database or is corrupt (\(detail)); restore it from a backup or "
                    + "use another --home",
                path: path)
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_AUTH:
            return StoreError(
                code: "store.cannotOpen",
                message: "cannot open \(file) (\(detail)); check that its directory exists and is "
                    + "writable by the agent's user",
                path: path)
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return StoreError(
                code: "store.busy",
                message: "\(file) is locked by another process (\(detail)); is another agent using "
                    + "the same --home?",
                path: path)
        case .SQLITE_IOERR:
            return StoreError(
                code: "store.io",
                message: "reading or writing \(file) failed (\(detail)); check the disk", path: path)
        case .SQLITE_CONSTRAINT:
            return StoreError(
                code: "store.constraint",
                message:
                    "\(file) rejected the write (\(detail)): it refers to something missing or repeats a unique key",
                path: path)
        default:
            return StoreError(code: "store.sqlite", message: "\(file) failed: \(detail)", path: path)
        }
    }
}
