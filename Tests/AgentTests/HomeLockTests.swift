import Agent
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("One agent per home")
struct HomeLockTests {
    @Test func aSecondLockOnTheSameHomeIsRefusedWithTheOwnersPidUntilTheFirstIsReleased() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("sundial-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }

        var first: HomeLock? = try HomeLock(home: home.path)
        let refusal = #expect(throws: ConfigurationError.self) { _ = try HomeLock(home: home.path) }
        #expect(refusal?.message.contains("another agent is running on the home \(home.path) (pid \(getpid()))") == true)
        #expect(first != nil)

        first = nil
        // The lock belongs to the open file description, which a child that other tests spawn at that moment
        // shares between its fork and its exec (where O_CLOEXEC closes it): the release is immediate for this
        // process but may take that long to be seen, so the second lock is tried until a deadline.
        let deadline = Date().addingTimeInterval(10)
        var second: HomeLock?
        while second == nil {
            do {
                second = try HomeLock(home: home.path)
            } catch let error as ConfigurationError where Date() < deadline {
                _ = error
                usleep(20_000)
            }
        }
        let taken = try #require(second)
        #expect(try String(contentsOfFile: taken.path, encoding: .utf8) == "\(getpid())\n")
    }

    @Test func aHomeThatCannotHoldTheLockFileIsAClearError() {
        let missing = "/nonexistent-\(UUID().uuidString)"
        let failure = #expect(throws: ConfigurationError.self) { _ = try HomeLock(home: missing) }
        #expect(failure?.message.hasPrefix("cannot open \(missing)/agent.lock") == true)
    }
}
