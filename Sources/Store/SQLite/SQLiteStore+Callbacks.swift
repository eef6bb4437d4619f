import Foundation
import GRDB
import Workflow

extension SQLiteStore {
    /// Queues an execution's callback in the caller's transaction (so with its terminal status), at most once.
    static func enqueueCallback(_ db: Database, execution: Execution, url: String, payload: String) throws {
        let due = StoreCoding.millis(execution.finishedAt ?? execution.startedAt ?? Date(timeIntervalSince1970: 0))
        try db.cachedStatement(sql: enqueueCallbackSQL).execute(
            arguments: [execution.id, url, payload, due, due, CallbackReceiver.key(of: url), execution.id])
    }

    /// Takes the execution id, URL, payload, due time twice, the receiver key and the execution id again.
    package static let enqueueCallbackSQL = """
        INSERT INTO callback_outbox (execution_id, url, payload, created_at, next_attempt_at, receiver)
        SELECT ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM callback_outbox WHERE execution_id = ?)
        """

    public func dueCallbacks(now: Date, limit: Int, excludingReceivers excluded: Set<String>) async throws
        -> [CallbackEntry]
    {
        let time = StoreCoding.millis(now)
        // An array of strings always has a JSON text.
        let receivers = (try? JSONValue.array(excluded.sorted().map(JSONValue.string)).jsonText()) ?? "[]"
        return try await read { db in
            try Row.fetchAll(
                db.cachedStatement(sql: Self.dueCallbacksSQL), arguments: [time, receivers, limit]
            ).map(Self.callback)
        }
    }

    public func deferCallbacks(receiver: String, until: Date, note: String) async throws -> Int {
        let time = StoreCoding.millis(until)
        return try await write { db in
            try db.execute(sql: Self.deferCallbacksSQL, arguments: [time, note, time, receiver])
            return db.changesCount
        }
    }

    /// Takes the new due time, the note, the due time again and the receiver.
    static let deferCallbacksSQL = """
        UPDATE callback_outbox SET next_attempt_at = ?, last_error = CASE WHEN attempts = 0 THEN ? ELSE last_error END
        WHERE delivered_at IS NULL AND abandoned_at IS NULL AND next_attempt_at < ? AND receiver = ?
        """

    public func callbacks(executionID: String) async throws -> [CallbackEntry] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM callback_outbox WHERE execution_id = ? ORDER BY id", arguments: [executionID]
            ).map(Self.callback)
        }
    }

    public func recordDelivery(callbackID: Int64, attempt: DeliveryAttempt, outcome: DeliveryOutcome) async throws {
        let at = StoreCoding.millis(attempt.at)
        let duration = attempt.duration.components
        let milliseconds = duration.seconds * 1000 + duration.attoseconds / 1_000_000_000_000_000
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO callback_attempts (callback_id, number, at, status_code, error, duration_ms)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [callbackID, attempt.number, at, attempt.statusCode, attempt.error, milliseconds])
            let (delivered, abandoned, next): (Int64?, Int64?, Int64?) =
                switch outcome {
                case .delivered: (at, nil, nil)
                case .abandoned: (nil, at, nil)
                case .retry(let when): (nil, nil, StoreCoding.millis(when))
                }
            try db.execute(
                sql: """
                    UPDATE callback_outbox SET attempts = attempts + 1, delivered_at = ?, abandoned_at = ?,
                        next_attempt_at = coalesce(?, next_attempt_at), last_error = ?
                    WHERE id = ?
                    """,
                arguments: [delivered, abandoned, next, attempt.error, callbackID])
            guard db.changesCount == 1 else { throw StoreError.notFound("callback", String(callbackID)) }
        }
    }

    public func deliveryAttempts(callbackID: Int64) async throws -> [DeliveryAttempt] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM callback_attempts WHERE callback_id = ? ORDER BY number",
                arguments: [callbackID]
            ).map { row in
                DeliveryAttempt(
                    number: row["number"], at: StoreCoding.date(row["at"] as Int64), statusCode: row["status_code"],
                    error: row["error"], duration: .milliseconds(row["duration_ms"] as Int64))
            }
        }
    }

    public func nextCallbackDue(after: Date) async throws -> Date? {
        let time = StoreCoding.millis(after)
        let next = try await read { db in
            try Int64.fetchOne(db, sql: Self.nextCallbackDueSQL, arguments: [time])
        }
        return next.map(StoreCoding.date)
    }

    public func pendingCallbackCount() async throws -> Int {
        // Counted on `callback_outbox_pending`, whose condition is this one: the delivered rows are never read.
        try await read { db in
            try Int.fetchOne(db.cachedStatement(sql: Self.pendingCallbacksSQL)) ?? 0
        }
    }

    static let pendingCallbacksSQL =
        "SELECT count(*) FROM callback_outbox WHERE delivered_at IS NULL AND abandoned_at IS NULL"

    public func redeliverCallbacks(executionID: String, at: Date) async throws -> Int {
        let time = StoreCoding.millis(at)
        return try await write { db in
            try db.execute(
                sql: """
                    UPDATE callback_outbox SET next_attempt_at = ?, abandoned_at = NULL
                    WHERE execution_id = ? AND delivered_at IS NULL
                    """,
                arguments: [time, executionID])
            return db.changesCount
        }
    }

    public func recordWebhookDelivery(source: String, deliveryID: String, at: Date) async throws -> Bool {
        let time = StoreCoding.millis(at)
        return try await write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO webhook_deliveries (source, delivery_id, received_at) VALUES (?, ?, ?)",
                arguments: [source, deliveryID, time])
            return db.changesCount == 1
        }
    }

    private static func callback(_ row: Row) -> CallbackEntry {
        CallbackEntry(
            id: row["id"], executionID: row["execution_id"], url: row["url"], payload: row["payload"],
            createdAt: StoreCoding.date(row["created_at"] as Int64),
            nextAttemptAt: StoreCoding.date(row["next_attempt_at"] as Int64), attempts: row["attempts"],
            deliveredAt: StoreCoding.dateIfAny(row["delivered_at"] as Int64?),
            abandonedAt: StoreCoding.dateIfAny(row["abandoned_at"] as Int64?), lastError: row["last_error"],
            receiver: (row["receiver"] as String?).flatMap { $0.isEmpty ? nil : $0 })
    }

    /// Callbacks due at a time whose receiver is not in a JSON array of receivers (the pending index, which holds the
    /// receiver, so an excluded receiver's rows are skipped there), oldest due first; rows due at the same time in
    /// the index's order (receiver, then id), so nothing is sorted.
    static let dueCallbacksSQL = """
        SELECT * FROM callback_outbox
        WHERE delivered_at IS NULL AND abandoned_at IS NULL AND next_attempt_at <= ?
            AND receiver NOT IN (SELECT value FROM json_each(?))
        ORDER BY next_attempt_at, receiver, id LIMIT ?
        """

    /// The earliest due time after a time among callbacks still to deliver (the due index).
    static let nextCallbackDueSQL = """
        SELECT min(next_attempt_at) FROM callback_outbox
        WHERE delivered_at IS NULL AND abandoned_at IS NULL AND next_attempt_at > ?
        """
}
