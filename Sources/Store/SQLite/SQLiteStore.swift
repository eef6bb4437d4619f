import Foundation
import GRDB

/// The `Store` on SQLite: WAL mode, foreign keys, one group-committing writer, readers from a pool.
///
/// Open it with `withStore(_:options:_:)`, which runs the writer for the scope, or call `run()` yourself as a
/// long-running service; writes wait until the writer runs.
public final class SQLiteStore: Store {
    /// Where the database lives.
    public enum Location: Hashable, Sendable {
        case file(String)
        /// A private in-memory database (no WAL), for tests.
        case inMemory
    }

    /// How hard a commit waits for the disk.
    public enum Synchronous: String, Hashable, Sendable {
        /// No acknowledged write is lost, even on power failure.
        case full = "FULL"
        /// Safe against a crash of the agent; a power failure may lose the last commits.
        case normal = "NORMAL"
    }

    /// How the database is opened.
    public struct Options: Sendable {
        public var synchronous: Synchronous
        /// How long a connection waits for a lock held by another process.
        public var busyTimeout: Duration
        /// A size limit in pages (`PRAGMA max_page_count`); `nil` for SQLite's default.
        public var maxPageCount: Int?
        /// When set (32 random bytes), connection secrets are sealed with AES-256-GCM under this key.
        public var secretsKey: Data?

        public init(
            synchronous: Synchronous = .full, busyTimeout: Duration = .seconds(5), maxPageCount: Int? = nil,
            secretsKey: Data? = nil
        ) {
            self.synchronous = synchronous
            self.busyTimeout = busyTimeout
            self.maxPageCount = maxPageCount
            self.secretsKey = secretsKey
        }
    }

    let database: any DatabaseWriter
    let writer: GroupCommitWriter
    let options: Options
    /// Decoded workflow definitions, by id and version.
    let definitions = DefinitionCache()
    /// The database file, or `nil` in memory.
    public let path: String?

    /// Opens (creating if needed) and migrates the database.
    /// - Throws: `StoreError`: `store.newerSchema` for a database written by a newer Sundial, `store.corrupt`,
    ///   `store.readOnly`, `store.cannotOpen`, `store.full`.
    public init(_ location: Location, options: Options = Options()) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(TimeInterval(options.busyTimeout.components.seconds))
        let synchronous = options.synchronous.rawValue
        let maxPageCount = options.maxPageCount
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(synchronous)")
            if let maxPageCount { try db.execute(sql: "PRAGMA max_page_count = \(maxPageCount)") }
        }
        let path: String?
        if case .file(let file) = location { path = file } else { path = nil }
        do {
            switch location {
            case .file(let file): database = try DatabasePool(path: file, configuration: configuration)
            case .inMemory: database = try DatabaseQueue(configuration: configuration)
            }
            // GRDB's pool switches its writer to synchronous=NORMAL when it enables WAL, after `prepareDatabase`
            // ran; the writer is one long-lived connection, so setting it again here holds for the store's life.
            try database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = \(synchronous)") }
            try Self.migrate(database, path: path)
        } catch {
            throw StoreError.from(error, path: path)
        }
        self.path = path
        self.options = options
        writer = GroupCommitWriter(database: database, path: path)
    }

    /// Opens the store, runs its writer while `body` runs, then stops the writer (after committing what was queued).
    public static func withStore<R>(
        _ location: Location, options: Options = Options(), _ body: (SQLiteStore) async throws -> R
    ) async throws -> R {
        let store = try SQLiteStore(location, options: options)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await store.run() }
            defer { group.cancelAll() }
            return try await body(store)
        }
    }

    /// Commits writes until the task is cancelled.
    public func run() async {
        await writer.run()
    }

    /// Transactions committed, the writes they held and the rows they changed since the store was opened (for
    /// benchmarks).
    public var commitCounts: (transactions: Int, writes: Int, rows: Int) { writer.counts }

    public var writeFailure: StoreWriteFailure? { writer.failure }

    /// The names of the migrations this version knows, in order.
    public static var knownMigrations: [String] { StoreMigrations.all.map(\.name) }

    /// Refuses a database from a newer Sundial, then applies the migrations it lacks.
    private static func migrate(_ database: any DatabaseWriter, path: String?) throws {
        let migrator = StoreMigrations.migrator
        let applied = try database.read { db in try migrator.appliedIdentifiers(db) }
        let known = Set(migrator.migrations)
        if let unknown = applied.subtracting(known).sorted().first {
            throw StoreError(
                code: "store.newerSchema",
                message: "this database was written by a newer Sundial (migration '\(unknown)' is unknown); "
                    + "upgrade Sundial or use another --home",
                path: path)
        }
        try migrator.migrate(database)
    }

    /// `PRAGMA integrity_check`: `["ok"]` for a sound database, otherwise SQLite's findings.
    public func integrityCheck() async throws -> [String] {
        try await read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    }

    /// Reads from the pool (GRDB runs it on its reader queue, off the cooperative pool), in one deferred
    /// transaction so every statement of `work` sees the same snapshot.
    ///
    /// The transaction is begun and ended with statements prepared once per connection; GRDB's own `read` parses
    /// both for every read, which costs as much as a point query.
    func read<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await database.unsafeRead { db in
                try db.cachedStatement(sql: "BEGIN DEFERRED TRANSACTION").execute()
                do {
                    let value = try work(db)
                    try db.cachedStatement(sql: "COMMIT TRANSACTION").execute()
                    return value
                } catch {
                    if db.isInsideTransaction { try? db.cachedStatement(sql: "ROLLBACK TRANSACTION").execute() }
                    throw error
                }
            }
        } catch {
            throw StoreError.from(error, path: path)
        }
    }

    /// Writes through the group-committing writer.
    func write<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await writer.write(work)
    }
}
