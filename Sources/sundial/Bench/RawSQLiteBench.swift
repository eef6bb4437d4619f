import Foundation
import GRDBSQLite

/// SQLite's own limit on this machine: small-row inserts through the C API, in transactions of a given size.
struct RawSQLiteBench {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let path: String
    let synchronous: String
    let rowsPerTransaction: Int

    /// Inserts for about `duration`; returns rows per second.
    func run(for duration: Duration) throws -> Double {
        var handle: OpaquePointer?
        guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK,
            let db = handle
        else { throw Failure(description: "cannot open \(path)") }
        defer { sqlite3_close_v2(db) }
        try exec(db, "PRAGMA journal_mode = WAL")
        try exec(db, "PRAGMA synchronous = \(synchronous)")
        try exec(db, "CREATE TABLE IF NOT EXISTS rows (id INTEGER PRIMARY KEY, name TEXT NOT NULL, value INTEGER)")
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, "INSERT INTO rows (name, value) VALUES (?, ?)", -1, &statement, nil) == SQLITE_OK,
            let insert = statement
        else { throw Failure(description: String(cString: sqlite3_errmsg(db))) }
        defer { sqlite3_finalize(insert) }
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        let clock = ContinuousClock()
        let start = clock.now
        var rows = 0
        while clock.now - start < duration {
            try exec(db, "BEGIN IMMEDIATE")
            for _ in 0..<rowsPerTransaction {
                sqlite3_bind_text(insert, 1, "execution-\(rows)", -1, transient)
                sqlite3_bind_int64(insert, 2, Int64(rows))
                guard sqlite3_step(insert) == SQLITE_DONE else {
                    throw Failure(description: String(cString: sqlite3_errmsg(db)))
                }
                sqlite3_reset(insert)
                rows += 1
            }
            try exec(db, "COMMIT")
        }
        return Double(rows) / (clock.now - start).seconds
    }

    private func exec(_ db: OpaquePointer, _ sql: String) throws {
        guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else {
            throw Failure(description: "\(sql): \(String(cString: sqlite3_errmsg(db)))")
        }
    }
}
