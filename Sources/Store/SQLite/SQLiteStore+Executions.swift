import Foundation
import GRDB
import Workflow

extension SQLiteStore {
    public func createExecution(
        _ execution: Execution, idempotencyKey: String?, requestFingerprint: String?, actor: String
    ) async throws -> ExecutionCreation {
        let record = try ExecutionRecord(
            execution, idempotencyKey: idempotencyKey,
            requestFingerprint: idempotencyKey == nil ? nil : requestFingerprint)
        let existingID: String? = try await write { db in
            try Self.insertNewExecution(
                db, execution, record, idempotencyKey: idempotencyKey, requestFingerprint: requestFingerprint,
                actor: actor)
        }
        guard let existingID else { return .created(execution) }
        guard let existing = try await self.execution(id: existingID) else {
            throw StoreError.notFound("execution", existingID)
        }
        return .existing(existing)
    }

    /// Inserts a new execution and audits it as `execution.run`, unless `idempotencyKey` was already used for its
    /// workflow.
    /// - Returns: the id of the execution that used the key first, or `nil` when this one was inserted.
    /// - Throws: `store.conflict` when an execution with the same id exists; `store.idempotencyMismatch` when the
    ///   key was first used with a request of another fingerprint.
    static func insertNewExecution(
        _ db: Database, _ execution: Execution, _ record: ExecutionRecord, idempotencyKey: String?,
        requestFingerprint: String? = nil, actor: String
    ) throws -> String? {
        if let idempotencyKey,
            let row = try Row.fetchOne(
                db.cachedStatement(
                    sql: "SELECT id, request_fingerprint FROM executions WHERE workflow_id = ? AND idempotency_key = ?"
                ),
                arguments: [execution.workflowID, idempotencyKey])
        {
            let stored: String? = row["request_fingerprint"]
            if let stored, let requestFingerprint, stored != requestFingerprint {
                throw StoreError(
                    code: "store.idempotencyMismatch",
                    message:
                        "the Idempotency-Key '\(idempotencyKey)' was first used with a different request body; "
                        + "send the same body to get the first run's response, or use a new key for a new run")
            }
            return row["id"] as String
        }
        let exists = try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT 1 FROM executions WHERE id = ?"), arguments: [execution.id])
        if exists == true {
            throw StoreError.conflict("an execution with id '\(execution.id)' already exists")
        }
        try upsertExecution(db, record)
        try insertAudit(
            db,
            AuditEntry(
                at: execution.createdAt ?? execution.startedAt ?? Date(timeIntervalSince1970: 0), actor: actor,
                action: "execution.run", subjectKind: "execution", subjectID: execution.id,
                detail: "workflow \(execution.workflowID)"))
        return nil
    }

    public func execution(id: String) async throws -> Execution? {
        try await read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM executions WHERE id = ?"), arguments: [id]).map {
                try Self.loadExecution(db, $0)
            }
        }
    }

    public func executions(_ query: ExecutionQuery) async throws -> ExecutionPage {
        let (filter, arguments) = Self.filter(query)
        let pageArguments = arguments + [max(0, query.limit), max(0, query.offset)]
        return try await read { db in
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM executions \(filter)", arguments: arguments)
            let rows = try Row.fetchAll(db, sql: Self.pageSQL(filter), arguments: pageArguments)
            return ExecutionPage(executions: try rows.map { try Self.loadExecution(db, $0) }, total: total ?? 0)
        }
    }

    /// The page of a filtered listing, newest first; takes the filter's arguments, then LIMIT and OFFSET.
    static func pageSQL(_ filter: String) -> String {
        "SELECT * FROM executions \(filter) ORDER BY created_at DESC, seq DESC LIMIT ? OFFSET ?"
    }

    /// The WHERE clause of a listing and its arguments.
    static func filter(_ query: ExecutionQuery) -> (String, StatementArguments) {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let workflowID = query.workflowID {
            conditions.append("workflow_id = ?")
            arguments += [workflowID]
        }
        if !query.statuses.isEmpty {
            let statuses = query.statuses.map(\.rawValue).sorted()
            conditions.append("status IN (\(Array(repeating: "?", count: statuses.count).joined(separator: ", ")))")
            arguments += StatementArguments(statuses)
        }
        for (column, range) in [("started_at", query.startedIn), ("finished_at", query.finishedIn)] {
            guard let range else { continue }
            conditions.append("\(column) >= ? AND \(column) < ?")
            arguments += [StoreCoding.millis(range.lowerBound), StoreCoding.millis(range.upperBound)]
        }
        return (conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "), arguments)
    }

    public func record(_ event: ExecutionEvent) async throws {
        try await record([event])
    }

    public func record(_ events: [ExecutionEvent]) async throws {
        let writes = try events.map(Self.eventWrite)
        try await write { db in
            for write in writes { try write(db) }
        }
    }

    /// The write one event makes; JSON is encoded here, before the work reaches the writer, to keep batches short.
    private static func eventWrite(_ event: ExecutionEvent) throws -> @Sendable (Database) throws -> Void {
        switch event {
        case .executionStarted(let execution):
            let record = try ExecutionRecord(execution)
            return { db in try upsertExecution(db, record) }
        case .stepStarted(let executionID, let stepName, let at):
            let time = StoreCoding.millis(at)
            return { db in
                try db.cachedStatement(
                    sql: "UPDATE steps SET status = ?, started_at = ? WHERE execution_id = ? AND name = ?"
                ).execute(arguments: [StepStatus.running.rawValue, time, executionID, stepName])
                guard db.changesCount == 1 else { throw StoreError.notFound("step", "\(executionID)/\(stepName)") }
            }
        case .attemptFinished(let executionID, let stepName, let attempt):
            let record = try AttemptRecord(attempt)
            return { db in try upsertAttempt(db, executionID: executionID, stepName: stepName, record) }
        case .stepFinished(let executionID, let step):
            let record = try StepRecord(step)
            return { db in try upsertStep(db, executionID: executionID, position: nil, record) }
        case .outputs(let executionID, let outputs):
            let text = try StoreCoding.json(outputs)
            return { db in
                try db.execute(sql: "UPDATE executions SET outputs = ? WHERE id = ?", arguments: [text, executionID])
                guard db.changesCount == 1 else { throw StoreError.notFound("execution", executionID) }
            }
        case .executionFinished(let execution):
            let record = try ExecutionRecord(execution)
            // The callback body is what `GET …/instances/{id}` answers: one parser for a receiver.
            let payload = try execution.callback.map { _ in try InstanceJSON.text(execution) }
            return { db in
                try upsertExecution(db, record)
                if let callback = execution.callback, let payload {
                    try enqueueCallback(db, execution: execution, url: callback, payload: payload)
                }
            }
        }
    }
}
