import Foundation
import GRDBSQLite
import Store
import Workflow

/// SQLite's own limit for the rows the store writes: the same statements the store runs for one execution's life
/// (create, start, three attempts, finish with its callback outbox row), on the store's own schema and indexes, with
/// every JSON column encoded once before timing starts, through the C API on one thread, several lives per
/// transaction. The store's figure divided by this one is what group commit, savepoints, continuations and JSON
/// encoding cost on top of the rows themselves.
struct RawExecutionRowsBench {
    let path: String
    let synchronous: SQLiteStore.Synchronous
    /// Executions' lives per transaction (each is about twenty row changes).
    let livesPerTransaction: Int

    /// Writes lives for about `duration`; returns row changes (SQLite's count) per second.
    func run(for duration: Duration) throws -> Double {
        // The store's migrations make the schema; the store is closed again before the raw connection opens.
        _ = try SQLiteStore(.file(path), options: .init(synchronous: synchronous))
        let db = try RawConnection(path: path, synchronous: synchronous.rawValue)
        let statements = try Statements(db)
        let template = SampleExecution(sequence: 0, start: Date(timeIntervalSince1970: 1_700_000_000))
        let texts = try Texts(template)
        let clock = ContinuousClock()
        let start = clock.now
        let changesBefore = sqlite3_total_changes64(db.handle)
        var sequence = 0
        while clock.now - start < duration {
            try db.exec("BEGIN IMMEDIATE")
            for _ in 0..<livesPerTransaction {
                try life(SampleExecution(sequence: sequence, start: template.start), texts, statements, db)
                sequence += 1
            }
            try db.exec("COMMIT")
        }
        let rows = sqlite3_total_changes64(db.handle) - changesBefore
        return Double(rows) / (clock.now - start).seconds
    }

    /// The statements `SQLiteStore` runs for `createExecution`, `executionStarted`, three `attemptFinished` and
    /// `executionFinished`, in that order.
    private func life(_ sample: SampleExecution, _ texts: Texts, _ s: Statements, _ db: RawConnection) throws {
        let id = RawValue.text(sample.id)
        try db.step(s.exists, [id])
        try db.step(s.execution, texts.executionColumns(sample, .created))
        for (position, name) in SampleExecution.stepNames.enumerated() {
            try db.step(s.step, [id, .text(name), .int(Int64(position))] + texts.pendingStep)
        }
        try db.step(
            s.audit,
            [
                .int(1_700_000_000_000), .text("bench"), .text("execution.run"), .text("execution"), id,
                .text("workflow \(sample.workflowID)"),
            ])
        try db.step(s.execution, texts.executionColumns(sample, .started))
        for (position, name) in SampleExecution.stepNames.enumerated() {
            try db.step(s.step, [id, .text(name), .int(Int64(position))] + texts.pendingStep)
        }
        for (index, name) in SampleExecution.stepNames.enumerated() {
            try db.step(s.attempt, [id, .text(name)] + texts.attempts[index])
        }
        try db.step(s.execution, texts.executionColumns(sample, .finished))
        for (position, name) in SampleExecution.stepNames.enumerated() {
            try db.step(s.step, [id, .text(name), .int(Int64(position))] + texts.finishedSteps[position])
            try db.step(s.attempt, [id, .text(name)] + texts.attempts[position])
        }
        let due = RawValue.int(1_700_000_000_050)
        try db.step(
            s.outbox,
            [
                id, .text("https://hooks.example/done"), .text(texts.payload), due, due,
                .text("https://hooks.example:443"), id,
            ])
    }
}
