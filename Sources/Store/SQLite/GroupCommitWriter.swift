import Dispatch
import Foundation
import GRDB
import Synchronization

/// The store's one writer: writes from any number of concurrent callers are batched into one transaction, and each
/// caller resumes only after the commit that holds its write, so one fsync covers a whole batch.
///
/// Each caller's work runs in its own SAVEPOINT: when it throws, only its writes roll back and only its caller
/// sees the error. When the transaction itself fails (the disk is full at commit, or SQLite rolled everything
/// back), every caller of the batch gets the error; none is told its write is durable when it is not.
///
/// SQLite calls block, so batches run on a dedicated serial dispatch queue through GRDB's synchronous API, never on
/// the cooperative pool. The synchronous API is used rather than GRDB's async one because the latter interrupts
/// the database when the awaiting task is cancelled, and a shutting-down writer must still finish the batch it
/// holds rather than fail writes that callers are waiting on.
final class GroupCommitWriter: Sendable {
    typealias Work = @Sendable (Database) throws -> any Sendable

    private struct Pending: Sendable {
        let work: Work
        let continuation: CheckedContinuation<any Sendable, any Error>
    }

    private struct State: Sendable {
        var pending: [Pending] = []
        var closed = false
        var wakeUp: CheckedContinuation<Void, Never>?
        var transactions = 0
        var writes = 0
        var rows = 0
        /// Set by a batch that failed for the database's sake, cleared by the next that did not.
        var failure: StoreWriteFailure?
    }

    private let state = Mutex(State())
    private let database: any DatabaseWriter
    private let queue = DispatchQueue(label: "sundial.store.writer")
    private let path: String?

    init(database: any DatabaseWriter, path: String?) {
        self.database = database
        self.path = path
    }

    /// Transactions committed (or attempted), the writes they held and the rows they changed, since the writer
    /// was made.
    var counts: (transactions: Int, writes: Int, rows: Int) {
        state.withLock { ($0.transactions, $0.writes, $0.rows) }
    }

    /// Why the last batch failed, while no batch has succeeded since.
    var failure: StoreWriteFailure? {
        state.withLock { $0.failure }
    }

    /// Writes queued for the next batch.
    var pendingCount: Int {
        state.withLock { $0.pending.count }
    }

    /// Runs `work` in the next batch and returns its result once that batch has committed.
    /// - Throws: the error `work` threw (its writes rolled back), the batch's commit error, or `store.closed`.
    func write<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let value = try await withCheckedThrowingContinuation {
            (continuation: CheckedContinuation<any Sendable, any Error>) in
            let (accepted, wakeUp) = state.withLock { state -> (Bool, CheckedContinuation<Void, Never>?) in
                guard !state.closed else { return (false, nil) }
                state.pending.append(Pending(work: { try work($0) }, continuation: continuation))
                defer { state.wakeUp = nil }
                return (true, state.wakeUp)
            }
            if accepted {
                wakeUp?.resume()
            } else {
                continuation.resume(throwing: StoreError.closed())
            }
        }
        guard let result = value as? T else { preconditionFailure("a write returned a value of another type") }
        return result
    }

    /// Commits batches until the task is cancelled; writes queued before then are still committed, later ones
    /// fail with `store.closed`.
    func run() async {
        while true {
            await withTaskCancellationHandler {
                await withCheckedContinuation { (wakeUp: CheckedContinuation<Void, Never>) in
                    let ready = state.withLock { state in
                        if !state.pending.isEmpty || state.closed { return true }
                        state.wakeUp = wakeUp
                        return false
                    }
                    if ready { wakeUp.resume() }
                }
            } onCancel: {
                let wakeUp = state.withLock { state in
                    state.closed = true
                    defer { state.wakeUp = nil }
                    return state.wakeUp
                }
                wakeUp?.resume()
            }
            let (batch, closed) = state.withLock { state in
                defer { state.pending = [] }
                return (state.pending, state.closed)
            }
            if batch.isEmpty {
                if closed { return }
                continue
            }
            await commit(batch)
        }
    }

    private func commit(_ batch: [Pending]) async {
        let works = batch.map(\.work)
        let results = await withCheckedContinuation {
            (done: CheckedContinuation<[Result<any Sendable, any Error>], Never>) in
            queue.async { done.resume(returning: self.transaction(works)) }
        }
        // The first error about the database itself: a write refused for what it asked does not count.
        let databaseError = results.lazy.compactMap { result -> StoreError? in
            guard case .failure(let error) = result, StoreWriteFailure.isAboutTheDatabase(error) else { return nil }
            return error as? StoreError
        }.first
        state.withLock { state in
            state.transactions += 1
            state.writes += batch.count
            if let databaseError {
                // The writer is the store's I/O shell: the wall clock only dates the failure for the operator.
                let since = state.failure?.since ?? Date()
                let count = (state.failure?.failedCommits ?? 0) + 1
                state.failure = StoreWriteFailure(error: databaseError, since: since, failedCommits: count)
            } else {
                state.failure = nil
            }
        }
        for (pending, result) in zip(batch, results) {
            pending.continuation.resume(with: result)
        }
    }

    /// One transaction holding every write of the batch, each in its own savepoint.
    private func transaction(_ works: [Work]) -> [Result<any Sendable, any Error>] {
        do {
            return try database.writeWithoutTransaction { db in
                do {
                    try db.beginTransaction(.immediate)
                    let changesBefore = db.totalChangesCount
                    var results: [Result<any Sendable, any Error>] = []
                    results.reserveCapacity(works.count)
                    // Prepared once per connection: GRDB's `inSavepoint` would parse both statements for every
                    // write.
                    let savepoint = try db.cachedStatement(sql: "SAVEPOINT write")
                    let release = try db.cachedStatement(sql: "RELEASE SAVEPOINT write")
                    let rollback = try db.cachedStatement(sql: "ROLLBACK TO SAVEPOINT write")
                    for work in works {
                        do {
                            try savepoint.execute()
                            do {
                                let value = try work(db)
                                try release.execute()
                                results.append(.success(value))
                            } catch {
                                if db.isInsideTransaction {
                                    try? rollback.execute()
                                    try? release.execute()
                                }
                                throw error
                            }
                        } catch {
                            results.append(.failure(StoreError.from(error, path: path)))
                            // SQLite rolls the whole transaction back after some errors (SQLITE_FULL, I/O errors):
                            // then no write of this batch is durable.
                            if !db.isInsideTransaction { throw error }
                        }
                    }
                    try db.commit()
                    let rows = db.totalChangesCount - changesBefore
                    state.withLock { $0.rows += rows }
                    return results
                } catch {
                    if db.isInsideTransaction { try? db.rollback() }
                    throw error
                }
            }
        } catch {
            let failure = StoreError.from(error, path: path)
            return works.map { _ in .failure(failure) }
        }
    }
}
