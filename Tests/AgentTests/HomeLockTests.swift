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
        let second = try HomeLock(home: home.path)
        #expect(try String(contentsOfFile: second.path, encoding: .utf8) == "\(getpid())\n")
    }

    @Test func aHomeThatCannotHoldTheLockFileIsAClearError() {
        let missing = "/nonexistent-\(UUID().uuidString)"
        let failure = #expect(throws: ConfigurationError.self) { _ = try HomeLock(home: missing) }
        #expect(failure?.message.hasPrefix("cannot open \(missing)/agent.lock") == true)
    }
}
