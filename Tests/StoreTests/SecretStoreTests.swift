import Foundation
import GRDB
import Store
import Testing

@Suite("Stored secrets")
struct SecretStoreTests {
    static let key = Data((0..<32).map { UInt8(255 - $0) })

    @Test(arguments: StoreKind.allCases)
    func setListReadAndDelete(kind: StoreKind) async throws {
        try await withTestStore(kind, options: .init(secretsKey: Self.key)) { store async throws in
            let first = try await store.setSecret(name: "token", value: Secret("tok-1"), actor: "ops", at: time(0))
            #expect(first.created)
            let second = try await store.setSecret(name: "token", value: Secret("tok-2"), actor: "ops", at: time(5))
            #expect(!second.created)
            #expect(second.info == SecretInfo(name: "token", createdAt: time(0), updatedAt: time(5)))
            _ = try await store.setSecret(name: "db", value: Secret("pw"), actor: "ops", at: time(6))
            #expect(try await store.secretInfos().map(\.name) == ["db", "token"])
            #expect(try await store.secretInfo(name: "token") == second.info)
            #expect(try await store.secretInfo(name: "nope") == nil)
            let values = try await store.secretValues(names: ["token", "nope"])
            #expect(values.mapValues(\.value) == ["token": "tok-2"])
            try await store.deleteSecret(name: "token", actor: "ops", at: time(7))
            #expect(try await store.secretInfos().map(\.name) == ["db"])
            let error = await #expect(throws: StoreError.self) {
                try await store.deleteSecret(name: "token", actor: "ops", at: time(8))
            }
            #expect(error?.code == "store.notFound")
            let audit = try await store.auditLog(subjectKind: "secret", subjectID: nil, limit: 10)
            #expect(audit.map(\.action) == ["secret.delete", "secret.set", "secret.set", "secret.set"])
            #expect(!audit.contains { ($0.detail ?? "").contains("tok-") })
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aStoreWithoutAKeyRefusesToStoreASecret(kind: StoreKind) async throws {
        try await withTestStore(kind) { store async throws in
            let error = await #expect(throws: StoreError.self) {
                _ = try await store.setSecret(name: "token", value: Secret("tok"), actor: "ops", at: time(0))
            }
            #expect(error?.code == "store.secretsKey")
            #expect(try await store.secretInfos().isEmpty)
        }
    }

    @Test func valuesAreSealedAtRestAndAWrongKeyFailsLoudly() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("sundial.db")
        let value = "hunter2-\(UUID().uuidString)"
        try await SQLiteStore.withStore(.file(path), options: .init(secretsKey: Self.key)) { store async throws in
            _ = try await store.setSecret(name: "token", value: Secret(value), actor: "ops", at: time(0))
        }
        // Neither the database nor its WAL holds the value, in any form a reader could search for.
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.url.path) {
            let bytes = try Data(contentsOf: directory.url.appendingPathComponent(file))
            #expect(bytes.range(of: Data(value.utf8)) == nil, "\(file) holds the value")
            #expect(
                bytes.range(of: Data(Data(value.utf8).base64EncodedString().utf8)) == nil,
                "\(file) holds the value in base64")
        }
        let sealed = try await DatabaseQueue(path: path).read { db in
            try String.fetchOne(db, sql: "SELECT sealed FROM secrets WHERE name = 'token'")
        }
        #expect(sealed?.hasPrefix("aesgcm:") == true)
        try await SQLiteStore.withStore(.file(path), options: .init(secretsKey: Self.key)) { store async throws in
            #expect(try await store.secretValues(names: ["token"])["token"]?.value == value)
        }
        try await SQLiteStore.withStore(.file(path), options: .init(secretsKey: Data(repeating: 7, count: 32))) {
            store async throws in
            let error = await #expect(throws: StoreError.self) { _ = try await store.secretValues(names: ["token"]) }
            #expect(error?.code == "store.secretsKey")
            #expect(error?.message.contains("'token'") == true)
            // Names and times stay readable without the right key; only values need it.
            #expect(try await store.secretInfos().map(\.name) == ["token"])
        }
    }
}
