import Foundation
import Testing

@Suite("A lost database is refused at start")
struct LostDatabaseCLITests {
    /// A home an agent has run on (so it has `admin.key` and `sundial.db`), with the agent stopped.
    static func usedHome() throws -> TemporaryDirectory {
        let agent = try RunningAgent()
        #expect(agent.stop() == 0)
        let home = agent.home
        #expect(FileManager.default.fileExists(atPath: home.path("home/admin.key")))
        return home
    }

    static func removeDatabase(_ home: TemporaryDirectory) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: home.path("home/sundial.db\(suffix)")) }
    }

    @Test(
        "a missing or zero-length sundial.db beside admin.key stops the start with what was found and what to do",
        arguments: ["missing", "empty"])
    func refused(_ finding: String) throws {
        let home = try Self.usedHome()
        Self.removeDatabase(home)
        if finding == "empty" { _ = FileManager.default.createFile(atPath: home.path("home/sundial.db"), contents: Data()) }
        let result = try Sundial.run(["agent", "--home", home.path("home"), "--listen", "127.0.0.1:0"])
        #expect(result.status != 0)
        let database = home.path("home/sundial.db")
        let what = finding == "missing" ? "is missing" : "is empty (0 bytes)"
        #expect(result.stderr.contains("refusing to start: the database \(database) \(what), but "))
        #expect(result.stderr.contains("admin.key exists"))
        #expect(result.stderr.contains("sundial agent --new-database"))
        #expect(!result.stderr.contains("listening"))
        // Nothing was created in its place.
        #expect(
            finding == "missing"
                ? !FileManager.default.fileExists(atPath: database)
                : (try FileManager.default.attributesOfItem(atPath: database)[.size] as? NSNumber)?.intValue == 0)
    }

    @Test("--new-database starts over: the old files are kept aside and a new admin key is written")
    func startOver() throws {
        let home = try Self.usedHome()
        let oldKey = try String(contentsOfFile: home.path("home/admin.key"), encoding: .utf8)
        Self.removeDatabase(home)
        _ = FileManager.default.createFile(atPath: home.path("home/sundial.db"), contents: Data())
        let agent = try RunningAgent(home: home, options: ["--new-database"])
        #expect(agent.stop() == 0)
        let newKey = try String(contentsOfFile: home.path("home/admin.key"), encoding: .utf8)
        #expect(newKey != oldKey)
        let aside = try FileManager.default.contentsOfDirectory(atPath: home.path("home")).filter { $0.contains(".lost-") }
        #expect(aside.contains { $0.hasPrefix("admin.key.lost-") })
        #expect(aside.contains { $0.hasPrefix("sundial.db.lost-") })
        // With its database back, the home starts again without the flag.
        let again = try RunningAgent(home: home)
        #expect(again.stop() == 0)
    }
}
