import GRDBSQLite

/// A value bound to a raw statement.
enum RawValue {
    case null
    case int(Int64)
    case text(String)
}

/// One SQLite connection through the C API, for the benchmarks' raw measurements: WAL, the given `synchronous`.
final class RawConnection {
    let handle: OpaquePointer
    private var prepared: [OpaquePointer] = []

    init(path: String, synchronous: String) throws {
        var handle: OpaquePointer?
        guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK,
            let handle
        else { throw BenchFailure("cannot open \(path)") }
        self.handle = handle
        try exec("PRAGMA journal_mode = WAL")
        try exec("PRAGMA synchronous = \(synchronous)")
        try exec("PRAGMA foreign_keys = ON")
    }

    deinit {
        for statement in prepared { sqlite3_finalize(statement) }
        sqlite3_close_v2(handle)
    }

    func exec(_ sql: String) throws {
        guard sqlite3_exec(handle, sql, nil, nil, nil) == SQLITE_OK else { throw failure(sql) }
    }

    /// A statement finalized with the connection.
    func prepare(_ sql: String) throws -> OpaquePointer {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK,
            let statement
        else { throw failure(sql) }
        prepared.append(statement)
        return statement
    }

    /// Binds `values`, steps through every row and resets the statement.
    func step(_ statement: OpaquePointer, _ values: [RawValue]) throws {
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            switch value {
            case .null: sqlite3_bind_null(statement, index)
            case .int(let number): sqlite3_bind_int64(statement, index, number)
            case .text(let text): sqlite3_bind_text(statement, index, text, -1, transient)
            }
        }
        defer { sqlite3_reset(statement) }
        var result = sqlite3_step(statement)
        while result == SQLITE_ROW { result = sqlite3_step(statement) }
        guard result == SQLITE_DONE else { throw failure(String(cString: sqlite3_sql(statement))) }
    }

    private func failure(_ sql: String) -> BenchFailure {
        BenchFailure("\(sql): \(String(cString: sqlite3_errmsg(handle)))")
    }
}
