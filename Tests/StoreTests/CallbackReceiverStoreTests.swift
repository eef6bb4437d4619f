import Foundation
import GRDB
import Testing
import Workflow

@testable import Store

/// The receiver of each outbox row: its key, the due query that leaves blocked receivers out, and their deferral.
@Suite("Callback receivers in the outbox")
struct CallbackReceiverStoreTests {
    private func finish(_ store: SQLiteStore, _ id: String, url: String, at finished: Double) async throws {
        try await store.record(
            .executionFinished(
                finishedExecution(pendingExecution(id, callback: url), started: time(0), finished: time(finished))))
    }

    @Test(arguments: [
        ("https://Hooks.Example/a?b=1", "https://hooks.example:443"),
        ("https://hooks.example:8443/x", "https://hooks.example:8443"),
        ("http://user:secret@10.0.0.1/hook", "http://10.0.0.1:80"),
        ("HTTP://127.0.0.1:9000", "http://127.0.0.1:9000"),
        ("http://[::1]:8080/p", "http://[::1]:8080"),
        ("not a url", "invalid:not a url"),
    ])
    func receiverIsSchemeHostAndPort(url: String, key: String) {
        #expect(CallbackReceiver.key(of: url) == key)
    }

    @Test(arguments: StoreKind.allCases)
    func dueRowsLeaveExcludedReceiversOut(kind: StoreKind) async throws {
        try await withTestStore(kind) { store async throws in
            // The hung receiver's rows are the oldest: without the exclusion they would fill any batch.
            for index in 0..<5 { try await finish(store, "h\(index)", url: "http://hung.example/\(index)", at: 1) }
            try await finish(store, "ok", url: "http://healthy.example:80/hook", at: 2)
            #expect(try await store.dueCallbacks(now: time(3), limit: 2).map(\.executionID) == ["h0", "h1"])
            let due = try await store.dueCallbacks(now: time(3), limit: 2, excludingReceivers: ["http://hung.example:80"])
            #expect(due.map(\.executionID) == ["ok"])
            #expect(due.first?.receiver == "http://healthy.example:80")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func deferMovesOnlyThatReceiversEarlierRows(kind: StoreKind) async throws {
        try await withTestStore(kind) { store async throws in
            try await finish(store, "a", url: "http://hung.example/a", at: 1)
            try await finish(store, "late", url: "http://hung.example/late", at: 90)
            try await finish(store, "other", url: "http://healthy.example/hook", at: 1)
            let attempted = try #require(try await store.callbacks(executionID: "a").first)
            try await store.recordDelivery(
                callbackID: attempted.id,
                attempt: DeliveryAttempt(number: 1, at: time(2), error: "timed out", duration: .seconds(1)),
                outcome: .retry(at: time(10)))
            try await finish(store, "b", url: "http://hung.example/b", at: 3)
            let moved = try await store.deferCallbacks(
                receiver: "http://hung.example:80", until: time(60), note: "deferred: backing off")
            #expect(moved == 2)
            let a = try #require(try await store.callbacks(executionID: "a").first)
            let b = try #require(try await store.callbacks(executionID: "b").first)
            #expect(a.nextAttemptAt == time(60) && a.lastError == "timed out")
            #expect(b.nextAttemptAt == time(60) && b.lastError == "deferred: backing off")
            #expect(try await store.callbacks(executionID: "late").first?.nextAttemptAt == time(90))
            #expect(try await store.callbacks(executionID: "other").first?.nextAttemptAt == time(1))
            #expect(try await store.dueCallbacks(now: time(59), limit: 10).map(\.executionID) == ["other"])
        }
    }

    @Test func upgradeFillsInTheReceiverOfPendingRows() throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        let database = try DatabaseQueue(configuration: configuration)
        let migrator = StoreMigrations.migrator
        try migrator.migrate(database, upTo: "v4.attempt-input")
        try database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO callback_outbox (execution_id, url, payload, created_at, next_attempt_at)
                    VALUES ('e1', 'https://Hooks.Example/a', '{}', 0, 0), ('e2', 'http://10.0.0.1:8080/b', '{}', 0, 0)
                    """)
        }
        try migrator.migrate(database)
        let receivers = try database.read { db in
            try String.fetchAll(db, sql: "SELECT receiver FROM callback_outbox ORDER BY execution_id")
        }
        #expect(receivers == ["https://hooks.example:443", "http://10.0.0.1:8080"])
    }
}
