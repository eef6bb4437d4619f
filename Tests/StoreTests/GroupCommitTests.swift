import Foundation
import GRDB
import Testing
import Workflow

@testable import Store

@Suite("Group commit")
struct GroupCommitTests {
    /// Queues `count` writes before the writer runs, so they must all land in the writer's first batch.
    private func queued(_ store: SQLiteStore, _ count: Int) async {
        while store.writer.pendingCount < count { await Task.yield() }
    }

    @Test(arguments: StoreKind.allCases)
    func concurrentWritesShareOneTransactionAndEachFailureIsItsOwn(kind: StoreKind) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(kind == .file ? .file(directory.path("sundial.db")) : .inMemory)
        let results = try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
            for index in 0..<40 {
                group.addTask {
                    do {
                        try await store.write { db in
                            try db.execute(
                                sql:
                                    "INSERT INTO audit_log (at, actor, action, subject_kind, subject_id) VALUES (0, 'a', 'x', 'k', ?)",
                                arguments: ["\(index)"])
                            // Every fifth caller fails after writing: its row must roll back alone.
                            if index.isMultiple(of: 5) {
                                throw StoreError(code: "test.fail", message: "caller \(index)")
                            }
                        }
                        return (index, true)
                    } catch let error as StoreError {
                        #expect(error.message == "caller \(index)")
                        return (index, false)
                    }
                }
            }
            await queued(store, 40)
            group.addTask {
                await store.run(); return (-1, true)
            }
            var results: [Int: Bool] = [:]
            for _ in 0..<40 {
                let (index, ok) = try await group.next()!
                results[index] = ok
            }
            group.cancelAll()
            return results
        }
        #expect(store.commitCounts.transactions == 1)
        #expect(store.commitCounts.writes == 40)
        #expect(results.filter { !$0.value }.keys.sorted() == stride(from: 0, to: 40, by: 5).map { $0 })
        let stored = try await store.read { db in try String.fetchAll(db, sql: "SELECT subject_id FROM audit_log") }
        #expect(Set(stored) == Set((0..<40).filter { !$0.isMultiple(of: 5) }.map(String.init)))
    }

    @Test func writesAfterTheWriterStoppedFailClearly() async throws {
        let store = try await SQLiteStore.withStore(.inMemory) { store async throws in
            try await store.appendAudit(
                AuditEntry(at: time(0), actor: "a", action: "x", subjectKind: "k", subjectID: "1"))
            return store
        }
        let error = await #expect(throws: StoreError.self) {
            try await store.appendAudit(
                AuditEntry(at: time(1), actor: "a", action: "x", subjectKind: "k", subjectID: "2"))
        }
        #expect(error?.code == "store.closed")
        #expect(try await store.auditLog(subjectKind: nil, subjectID: nil, limit: 10).count == 1)
    }

    @Test func manyConcurrentCallersAreAllDurable() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("sundial.db")
        try await SQLiteStore.withStore(.file(path)) { store async throws in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<200 {
                    group.addTask {
                        let pending = pendingExecution("e\(index)", workflowID: "wf-\(index % 3)")
                        _ = try await store.createExecution(pending, idempotencyKey: "k\(index)", actor: "a")
                        try await store.record(
                            .executionFinished(finishedExecution(pending, started: time(1), finished: time(2))))
                    }
                }
                try await group.waitForAll()
            }
            #expect(store.commitCounts.writes == 400)
        }
        // Reopened, every execution is there in full.
        try await SQLiteStore.withStore(.file(path)) { store async throws in
            let page = try await store.executions(ExecutionQuery(statuses: [.successful], limit: 1000))
            #expect(page.total == 200)
            #expect(
                page.executions.allSatisfy { $0.steps.count == 3 && $0.steps.allSatisfy { $0.attempts.count == 1 } })
            #expect(try await store.integrityCheck() == ["ok"])
        }
    }
}
