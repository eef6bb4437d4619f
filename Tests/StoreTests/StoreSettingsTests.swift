import Foundation
import GRDB
import Testing
import Workflow

@testable import Store

@Suite("Connection settings")
struct StoreSettingsTests {
    @Test(arguments: [(SQLiteStore.Synchronous.full, 2), (.normal, 1)])
    func synchronousBusyTimeoutAndForeignKeysApplyToTheWriter(synchronous: SQLiteStore.Synchronous, level: Int)
        async throws
    {
        try await withTestStore(.file, options: .init(synchronous: synchronous, busyTimeout: .seconds(3))) { store in
            let read = try await store.read { db in
                try [
                    Int.fetchOne(db, sql: "PRAGMA synchronous"), Int.fetchOne(db, sql: "PRAGMA busy_timeout"),
                    Int.fetchOne(db, sql: "PRAGMA foreign_keys"),
                ]
            }
            let written = try await store.write { db in
                try [
                    Int.fetchOne(db, sql: "PRAGMA synchronous"), Int.fetchOne(db, sql: "PRAGMA busy_timeout"),
                    Int.fetchOne(db, sql: "PRAGMA foreign_keys"),
                ]
            }
            // Readers keep GRDB's own busy handling and never commit, so only the writer's settings matter.
            #expect(read[2] == 1)
            #expect(written == [level, 3000, 1])
            let journal = try await store.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
            #expect(journal == "wal")
        }
    }

    @Test func foreignKeysRejectAStepOfAnUnknownExecution() async throws {
        try await withTestStore(.memory) { store in
            let error = await #expect(throws: StoreError.self) {
                try await store.record(.stepFinished(executionID: "nope", step: .init(name: "A", actionId: "x")))
            }
            #expect(error?.code == "store.constraint")
            #expect(error?.message.contains("FOREIGN KEY") == true)
        }
    }
}
