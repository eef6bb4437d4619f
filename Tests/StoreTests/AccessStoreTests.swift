import Crypto
import Foundation
import GRDB
import Store
import Testing

@Suite("API keys and connections")
struct AccessStoreTests {
    @Test(arguments: StoreKind.allCases)
    func keysAuthenticateByTokenUntilRevoked(kind: StoreKind) async throws {
        try await withTestStore(kind) { store async throws in
            let key = try await store.createAPIKey(
                id: "k1", name: "ci", token: "sdl_token_123", scopes: ["workflows_read", "workflows_run"], at: time(0))
            #expect(try await store.authenticate(token: "sdl_token_123", at: time(100)) == key)
            #expect(try await store.authenticate(token: "sdl_token_124", at: time(100)) == nil)
            #expect(try await store.apiKeys().first?.lastUsedAt == time(100))
            try await store.revokeAPIKey(id: "k1", actor: "admin", at: time(200))
            #expect(try await store.authenticate(token: "sdl_token_123", at: time(300)) == nil)
            #expect(try await store.apiKeys().first?.revokedAt == time(200))
        }
    }

    @Test func tokensAreStoredOnlyAsTheirHash() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("sundial.db")
        let key = Data((0..<32).map { UInt8($0) })
        try await SQLiteStore.withStore(.file(path), options: .init(secretsKey: key)) { store async throws in
            _ = try await store.createAPIKey(id: "k1", name: "ci", token: "sdl_token_123", scopes: [], at: time(0))
            try await store.saveConnection(
                id: "c1", name: "pager", kind: "http.bearer", secret: Secret("hunter2-password"), actor: "admin",
                at: time(0))
        }
        let text = try await DatabaseQueue(path: path).read { db in
            try String.fetchAll(db, sql: "SELECT token_sha256 FROM api_keys UNION ALL SELECT secret FROM connections")
        }
        #expect(text.count == 2)
        #expect(!text.contains { $0.contains("sdl_token_123") || $0.contains("hunter2") })
        let digest = SHA256.hash(data: Data("sdl_token_123".utf8)).map { String(format: "%02x", $0) }.joined()
        #expect(text.first == digest)
        #expect(text.last?.hasPrefix("aesgcm:") == true)
        // With the key, the secret opens; with another key it does not.
        try await SQLiteStore.withStore(.file(path), options: .init(secretsKey: key)) { store async throws in
            let secret = try await store.connectionSecret(id: "c1")
            #expect(secret?.value == "hunter2-password")
        }
        try await SQLiteStore.withStore(.file(path), options: .init(secretsKey: Data(repeating: 7, count: 32))) {
            store async throws in
            let error = await #expect(throws: StoreError.self) { _ = try await store.connectionSecret(id: "c1") }
            #expect(error?.code == "store.secretsKey")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func connectionsListWithoutSecretsAndSecretsDoNotPrint(kind: StoreKind) async throws {
        try await withTestStore(kind) { store async throws in
            try await store.saveConnection(
                id: "c1", name: "pager", kind: "http.bearer", secret: Secret("tok-1"), actor: "a", at: time(0))
            try await store.saveConnection(
                id: "c1", name: "pager", kind: "http.bearer", secret: Secret("tok-2"), actor: "a", at: time(5))
            let listed = try await store.connections()
            #expect(
                listed == [
                    ConnectionInfo(id: "c1", name: "pager", kind: "http.bearer", createdAt: time(0), updatedAt: time(5))
                ])
            let secret = try #require(try await store.connectionSecret(id: "c1"))
            #expect(secret.value == "tok-2")
            #expect("\(secret)" == "<redacted>" && String(reflecting: secret) == "<redacted>")
            #expect(try await store.connectionSecret(id: "c2") == nil)
        }
    }
}
