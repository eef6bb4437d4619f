import Foundation
import GRDBSQLite

/// SQLite's own limit on this machine: small-row inserts through the C API, in transactions of a given size.
struct RawSQLiteBench {
    let path: String
    let synchronous: String
    let rowsPerTransaction: Int

    /// Inserts for about `duration`; returns rows per second.
    func run(for duration: Duration) throws -> Double {
        let db = try RawConnection(path: path, synchronous: synchronous)
        try db.exec("CREATE TABLE IF NOT EXISTS rows (id INTEGER PRIMARY KEY, name TEXT NOT NULL, value INTEGER)")
        let insert = try db.prepare("INSERT INTO rows (name, value) VALUES (?, ?)")
        let clock = ContinuousClock()
        let start = clock.now
        var rows = 0
        while clock.now - start < duration {
            try db.exec("BEGIN IMMEDIATE")
            for _ in 0..<rowsPerTransaction {
                try db.step(insert, [.text("execution-\(rows)"), .int(Int64(rows))])
                rows += 1
            }
            try db.exec("COMMIT")
        }
        return Double(rows) / (clock.now - start).seconds
    }
}
