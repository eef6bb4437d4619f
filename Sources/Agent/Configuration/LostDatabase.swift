import Foundation
import Logging

/// The check that keeps the agent from starting on an empty database when its own was lost: a home with an
/// `admin.key` had a database, so a `sundial.db` that is missing or zero bytes long was deleted, truncated or
/// replaced (a restore that went wrong, a volume mounted empty). Starting anyway would make a new, empty database
/// silently — every workflow and run gone, and the old admin key refused — so the agent refuses, the way
/// PostgreSQL refuses a data directory without its control file.
///
/// `--new-database` is the explicit way to start over: the old database files and key are renamed aside
/// (`NAME.lost-UNIXTIME`), never deleted, and the start goes on as a first start (a new admin key is written).
enum LostDatabase {
    /// What the home holds where the database should be, when it looks lost.
    enum Finding: Equatable {
        case missing
        case empty
    }

    /// Whether the home's database looks lost: an admin key beside no database or an empty one.
    static func finding(databasePath: String, adminKeyPath: String) -> Finding? {
        let files = FileManager.default
        guard files.fileExists(atPath: adminKeyPath) else { return nil }
        guard files.fileExists(atPath: databasePath) else { return .missing }
        let size = (try? files.attributesOfItem(atPath: databasePath)[.size] as? NSNumber)?.intValue
        return size == 0 ? .empty : nil
    }

    /// Refuses a lost database, or with `newDatabase` moves what is left of it and the admin key aside.
    /// - Throws: `ConfigurationError` that says what was found and what to do.
    static func check(_ configuration: AgentConfiguration, now: Date, logger: Logger) throws {
        let (database, key) = (configuration.databasePath, configuration.adminKeyPath)
        guard let finding = finding(databasePath: database, adminKeyPath: key) else {
            if configuration.newDatabase {
                logger.notice("--new-database has no effect: the home has no sign of a lost database")
            }
            return
        }
        let what =
            finding == .missing
            ? "the database \(database) is missing" : "the database \(database) is empty (0 bytes)"
        guard configuration.newDatabase else {
            throw ConfigurationError(
                "refusing to start: \(what), but \(key) exists, so this home had a database that was lost or "
                    + "replaced; starting would silently begin with no workflows, no runs and a new admin key. "
                    + "Restore \(database) (with its -wal file, if it had one) from a backup, or start over on a new, "
                    + "empty database with `sundial agent --new-database` (the old files are kept aside)")
        }
        let suffix = ".lost-\(Int(now.timeIntervalSince1970))"
        var moved: [String] = []
        for path in [database, database + "-wal", database + "-shm", key]
        where FileManager.default.fileExists(atPath: path) {
            do {
                try FileManager.default.moveItem(atPath: path, toPath: path + suffix)
                moved.append(path + suffix)
            } catch {
                throw ConfigurationError("--new-database: cannot move \(path) aside: \(error.localizedDescription)")
            }
        }
        logger.warning(
            """
            starting on a new, empty database as --new-database asks: \(what) although the admin key existed; \
            the old files are kept aside and a new admin key is written
            """,
            metadata: ["moved": "\(moved.joined(separator: ", "))"])
    }
}
