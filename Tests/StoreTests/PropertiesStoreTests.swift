import Foundation
import Store
import Testing
import Workflow

@Suite("Run properties and request fingerprints")
struct PropertiesStoreTests {
    @Test(arguments: StoreKind.allCases)
    func mergeIntoARunningExecution(kind: StoreKind) async throws {
        try await withTestStore(kind) { store async throws in
            let pending = pendingExecution("e1")
            _ = try await store.createExecution(pending, idempotencyKey: nil, actor: "a")
            var running = pending
            running.status = .running
            running.startedAt = time(1)
            try await store.record(.executionStarted(running))
            let merged = try await store.mergeProperties(
                executionID: "e1", properties: ["stage": "copy", "team": "db"], actor: "bob", at: time(2))
            #expect(merged.properties == ["stage": "copy", "team": "db"])
            // The engine's copy, taken before the merge, does not undo it when the run ends.
            try await store.record(.executionFinished(finishedExecution(running, started: time(1), finished: time(3))))
            let stored = try #require(try await store.execution(id: "e1"))
            #expect(stored.status == .successful)
            #expect(stored.properties == ["stage": "copy", "team": "db"])
            let audit = try await store.auditLog(subjectKind: "execution", subjectID: "e1", limit: 10)
            #expect(audit.first?.action == "execution.properties")
            #expect(audit.first?.actor == "bob")
            #expect(audit.first?.detail == "keys stage, team")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func mergeRefusesEndedAndUnknownExecutions(kind: StoreKind) async throws {
        try await withTestStore(kind) { store async throws in
            let pending = pendingExecution("e1")
            _ = try await store.createExecution(pending, idempotencyKey: nil, actor: "a")
            try await store.record(
                .executionFinished(finishedExecution(pending, started: time(1), finished: time(2), status: .failed)))
            let ended = await #expect(throws: StoreError.self) {
                _ = try await store.mergeProperties(executionID: "e1", properties: ["a": 1], actor: "a", at: time(3))
            }
            #expect(ended?.code == "store.conflict")
            #expect(ended?.message.contains("Failed") == true)
            let unknown = await #expect(throws: StoreError.self) {
                _ = try await store.mergeProperties(executionID: "nope", properties: [:], actor: "a", at: time(3))
            }
            #expect(unknown?.code == "store.notFound")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func idempotencyKeyWithAnotherFingerprintIsRefused(kind: StoreKind) async throws {
        try await withTestStore(kind) { store async throws in
            let first = pendingExecution("e1")
            _ = try await store.createExecution(first, idempotencyKey: "k", requestFingerprint: "aaa", actor: "a")
            let same = try await store.createExecution(
                pendingExecution("e2"), idempotencyKey: "k", requestFingerprint: "aaa", actor: "a")
            #expect(same == .existing(first))
            let unknownFingerprint = try await store.createExecution(
                pendingExecution("e3"), idempotencyKey: "k", requestFingerprint: nil, actor: "a")
            #expect(unknownFingerprint == .existing(first))
            let mismatch = await #expect(throws: StoreError.self) {
                _ = try await store.createExecution(
                    pendingExecution("e4"), idempotencyKey: "k", requestFingerprint: "bbb", actor: "a")
            }
            #expect(mismatch?.code == "store.idempotencyMismatch")
            #expect(try await store.execution(id: "e4") == nil)
            // A key first stored without a fingerprint cannot be compared, so it matches any.
            _ = try await store.createExecution(pendingExecution("e5"), idempotencyKey: "old", actor: "a")
            let later = try await store.createExecution(
                pendingExecution("e6"), idempotencyKey: "old", requestFingerprint: "ccc", actor: "a")
            #expect(later.execution.id == "e5")
        }
    }
}
