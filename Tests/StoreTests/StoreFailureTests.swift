import Foundation
import GRDB
import Store
import Testing
import Workflow

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Store failures are clear errors")
struct StoreFailureTests {
    @Test func aFullDatabaseFailsTheWriteAndKeepsWhatWasCommitted() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("sundial.db")
        let options = SQLiteStore.Options(maxPageCount: 40)
        var committed = 0
        let error = try await SQLiteStore.withStore(.file(path), options: options) { store -> StoreError? in
            do {
                for index in 0..<10_000 {
                    let pending = pendingExecution("e\(index)")
                    try await store.record(
                        .executionFinished(finishedExecution(pending, started: time(1), finished: time(2))))
                    committed += 1
                }
                return nil
            } catch let error as StoreError {
                return error
            }
        }
        #expect(error?.code == "store.full")
        #expect(error?.message.contains("is full") == true)
        #expect(committed > 0)
        try await SQLiteStore.withStore(.file(path)) { store async throws in
            #expect(try await store.executions(ExecutionQuery()).total == committed)
            #expect(try await store.integrityCheck() == ["ok"])
        }
    }

    @Test func aFullDatabaseIsReportedAsAWriteFailureUntilACommitSucceeds() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("sundial.db")
        try await SQLiteStore.withStore(.file(path), options: SQLiteStore.Options(maxPageCount: 40)) { store in
            #expect(store.writeFailure == nil)
            var index = 0
            var failures = 0
            while failures < 2 {
                let pending = pendingExecution("e\(index)")
                index += 1
                do {
                    try await store.record(
                        .executionFinished(finishedExecution(pending, started: time(1), finished: time(2))))
                } catch let error as StoreError {
                    #expect(error.code == "store.full")
                    failures += 1
                }
            }
            let failure = try #require(store.writeFailure)
            #expect(failure.error.code == "store.full")
            #expect(failure.error.message.contains("is full"))
            #expect(failure.failedCommits == 2)
            // A write refused for what it asks says nothing about the disk.
            await #expect(throws: StoreError.self) {
                try await store.record(.stepStarted(executionID: "missing", stepName: "x", at: time(3)))
            }
            // The operator frees space: another connection deletes what filled the file.
            try await DatabaseQueue(path: path).write { db in
                try db.execute(sql: "PRAGMA foreign_keys = ON")
                try db.execute(sql: "DELETE FROM executions")
            }
            try await store.record(
                .executionFinished(finishedExecution(pendingExecution("after"), started: time(1), finished: time(2))))
            #expect(store.writeFailure == nil)
        }
    }

    @Test func aReadOnlyFileIsRefusedAtOpen() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("sundial.db")
        try await SQLiteStore.withStore(.file(path)) { _ async throws in }
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        chmod(path, 0o444)
        // The superuser ignores file modes; the immutable attribute stops it too.
        let immutable = geteuid() == 0
        if immutable { try run("/usr/bin/chattr", ["+i", path]) }
        defer { if immutable { try? run("/usr/bin/chattr", ["-i", path]) } }
        let error = #expect(throws: StoreError.self) { _ = try SQLiteStore(.file(path)) }
        #expect(["store.readOnly", "store.cannotOpen"].contains(error?.code ?? ""))
        #expect(error?.message.contains(path) == true)
    }

    @Test func aFileThatIsNotADatabaseIsRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("sundial.db")
        try Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: StoreError.self) { _ = try SQLiteStore(.file(path)) }
        #expect(error?.code == "store.corrupt")
        #expect(error?.message.contains("not a Sundial database or is corrupt") == true)
    }

    @Test func aDatabaseFromANewerSundialIsRefused() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("sundial.db")
        try await SQLiteStore.withStore(.file(path)) { _ async throws in }
        try await DatabaseQueue(path: path).write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v9.future')")
        }
        let error = #expect(throws: StoreError.self) { _ = try SQLiteStore(.file(path)) }
        #expect(error?.code == "store.newerSchema")
        #expect(
            error?.message
                == "this database was written by a newer Sundial (migration 'v9.future' is unknown); upgrade Sundial or use another --home"
        )
    }

    @Test func migrationsAreRecordedByName() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("sundial.db")
        try await SQLiteStore.withStore(.file(path)) { _ async throws in }
        let (applied, journal, foreignKeys) = try await DatabaseQueue(path: path).read { db in
            (
                try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"),
                try String.fetchOne(db, sql: "PRAGMA journal_mode"),
                try Int.fetchOne(db, sql: "PRAGMA foreign_key_list(steps)") != nil
            )
        }
        #expect(applied == SQLiteStore.knownMigrations)
        #expect(journal == "wal")
        #expect(foreignKeys)
        // Opening again applies nothing new and still works.
        try await SQLiteStore.withStore(.file(path)) { store async throws in
            let integrity = try await store.integrityCheck()
            #expect(integrity == ["ok"])
        }
    }

    private func run(_ executable: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
    }
}
