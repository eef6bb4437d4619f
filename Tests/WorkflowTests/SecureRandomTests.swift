import Synchronization
import Testing
import Workflow

#if canImport(Glibc)
    import Glibc
#endif

@Suite("SecureRandom")
struct SecureRandomTests {
    @Test("uuids are version 4, RFC 4122 variant, lowercase, and distinct")
    func uuids() throws {
        var seen = Set<String>()
        for _ in 0..<1_000 {
            let id = try SecureRandom.system.uuid()
            let parts = id.split(separator: "-").map(\.count)
            #expect(parts == [8, 4, 4, 4, 12], "\(id)")
            #expect(id == id.lowercased())
            let digits = Array(id.filter { $0 != "-" })
            #expect(digits[12] == "4", "\(id)")
            #expect("89ab".contains(digits[16]), "\(id)")
            seen.insert(id)
        }
        #expect(seen.count == 1_000)
        #expect(!seen.contains("00000000-0000-4000-8000-000000000000"))
    }

    @Test("large requests are filled in chunks of at most 256 bytes, every byte from the source")
    func chunks() throws {
        let calls = Mutex<[Int]>([])
        let random = SecureRandom { buffer in
            calls.withLock { $0.append(buffer.count) }
            for index in buffer.indices { buffer[index] = 0xA5 }
            return 0
        }
        let bytes = try random.bytes(600)
        #expect(bytes.count == 600 && bytes.allSatisfy { $0 == 0xA5 })
        #expect(calls.withLock { $0 } == [256, 256, 88])
    }

    @Test("an interrupted call is retried")
    func interrupted() throws {
        let calls = Mutex(0)
        let random = SecureRandom { buffer in
            let call = calls.withLock { count -> Int in
                count += 1
                return count
            }
            if call == 1 { return EINTR }
            for index in buffer.indices { buffer[index] = 7 }
            return 0
        }
        #expect(try random.bytes(16) == [UInt8](repeating: 7, count: 16))
        #expect(calls.withLock { $0 } == 2)
    }

    @Test("a failing source is an error naming the reason, never zeros", arguments: [ENOSYS, EIO, EPERM])
    func failure(errno code: Int32) {
        let random = SecureRandom { _ in code }
        do {
            let id = try random.uuid()
            Issue.record("expected an error, got \(id)")
        } catch {
            #expect(error.errno == code)
            #expect(error.code == "random.unavailable")
            #expect(error.description.contains("getrandom"))
            #expect(error.description.contains(String(cString: strerror(code))))
        }
        #expect(throws: SecureRandomError.self) { try random.bytes(1) }
    }
}
