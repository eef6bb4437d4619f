import Foundation
import Store
import Testing
import Workflow

@Suite("Callback outbox and webhook ids")
struct CallbackStoreTests {
    /// Finishes `id` at `finished` with a callback, so its outbox row is due from then.
    private func finish(_ store: SQLiteStore, _ id: String, at finished: Double) async throws {
        let pending = pendingExecution(id, callback: "https://hooks.example/\(id)")
        try await store.record(
            .executionFinished(finishedExecution(pending, started: time(0), finished: time(finished))))
    }

    @Test(arguments: StoreKind.allCases)
    func dueCallbacksFollowRetriesUntilDelivered(kind: StoreKind) async throws {
        try await withTestStore(kind) { store async throws in
            try await finish(store, "e1", at: 10)
            try await finish(store, "e2", at: 20)
            try await store.record(
                .executionFinished(finishedExecution(pendingExecution("e3"), started: time(0), finished: time(5))))
            #expect(try await store.dueCallbacks(now: time(15), limit: 10).map(\.executionID) == ["e1"])
            #expect(try await store.dueCallbacks(now: time(20), limit: 10).map(\.executionID) == ["e1", "e2"])
            #expect(try await store.dueCallbacks(now: time(20), limit: 1).map(\.executionID) == ["e1"])

            let first = try #require(try await store.callbacks(executionID: "e1").first)
            let failed = DeliveryAttempt(
                number: 1, at: time(21), statusCode: 503, error: "503 Service Unavailable", duration: .milliseconds(120)
            )
            try await store.recordDelivery(callbackID: first.id, attempt: failed, outcome: .retry(at: time(51)))
            #expect(try await store.dueCallbacks(now: time(30), limit: 10).map(\.executionID) == ["e2"])
            #expect(try await store.dueCallbacks(now: time(51), limit: 10).map(\.executionID) == ["e2", "e1"])

            let delivered = DeliveryAttempt(number: 2, at: time(52), statusCode: 200, duration: .milliseconds(40))
            try await store.recordDelivery(callbackID: first.id, attempt: delivered, outcome: .delivered)
            #expect(try await store.dueCallbacks(now: time(100), limit: 10).map(\.executionID) == ["e2"])
            #expect(try await store.deliveryAttempts(callbackID: first.id) == [failed, delivered])
            let entry = try #require(try await store.callbacks(executionID: "e1").first)
            #expect(entry.attempts == 2 && entry.deliveredAt == time(52) && entry.lastError == nil)

            let second = try #require(try await store.callbacks(executionID: "e2").first)
            try await store.recordDelivery(
                callbackID: second.id,
                attempt: DeliveryAttempt(number: 1, at: time(60), error: "refused address", duration: .zero),
                outcome: .abandoned)
            #expect(try await store.dueCallbacks(now: time(1000), limit: 10).isEmpty)
            #expect(try await store.callbacks(executionID: "e2").first?.lastError == "refused address")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func nextDueIsTheEarliestPendingAfterATime(kind: StoreKind) async throws {
        try await withTestStore(kind) { store async throws in
            #expect(try await store.nextCallbackDue(after: time(0)) == nil)
            try await finish(store, "e1", at: 10)
            try await finish(store, "e2", at: 20)
            try await finish(store, "e3", at: 30)
            #expect(try await store.nextCallbackDue(after: time(0)) == time(10))
            #expect(try await store.nextCallbackDue(after: time(10)) == time(20))
            let e2 = try #require(try await store.callbacks(executionID: "e2").first)
            try await store.recordDelivery(
                callbackID: e2.id, attempt: DeliveryAttempt(number: 1, at: time(20), duration: .zero),
                outcome: .delivered)
            #expect(try await store.nextCallbackDue(after: time(10)) == time(30))
            let e3 = try #require(try await store.callbacks(executionID: "e3").first)
            try await store.recordDelivery(
                callbackID: e3.id, attempt: DeliveryAttempt(number: 1, at: time(30), duration: .zero),
                outcome: .abandoned)
            #expect(try await store.nextCallbackDue(after: time(10)) == nil)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func redeliveryMakesUndeliveredAndAbandonedCallbacksDue(kind: StoreKind) async throws {
        try await withTestStore(kind) { store async throws in
            try await finish(store, "e1", at: 10)
            try await finish(store, "e2", at: 10)
            let e1 = try #require(try await store.callbacks(executionID: "e1").first)
            try await store.recordDelivery(
                callbackID: e1.id, attempt: DeliveryAttempt(number: 1, at: time(11), statusCode: 404, duration: .zero),
                outcome: .abandoned)
            #expect(try await store.dueCallbacks(now: time(100), limit: 10).map(\.executionID) == ["e2"])
            #expect(try await store.redeliverCallbacks(executionID: "e1", at: time(100)) == 1)
            let again = try #require(try await store.callbacks(executionID: "e1").first)
            #expect(again.abandonedAt == nil && again.nextAttemptAt == time(100) && again.attempts == 1)
            #expect(try await store.dueCallbacks(now: time(100), limit: 10).map(\.executionID) == ["e2", "e1"])

            let e2 = try #require(try await store.callbacks(executionID: "e2").first)
            try await store.recordDelivery(
                callbackID: e2.id, attempt: DeliveryAttempt(number: 1, at: time(101), statusCode: 200, duration: .zero),
                outcome: .delivered)
            #expect(try await store.redeliverCallbacks(executionID: "e2", at: time(200)) == 0)
            #expect(try await store.callbacks(executionID: "e2").first?.deliveredAt == time(101))
            #expect(try await store.redeliverCallbacks(executionID: "unknown", at: time(200)) == 0)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aDeliveryForAnUnknownCallbackFails(kind: StoreKind) async throws {
        try await withTestStore(kind) { store async throws in
            let error = await #expect(throws: StoreError.self) {
                try await store.recordDelivery(
                    callbackID: 42, attempt: DeliveryAttempt(number: 1, at: time(0), duration: .zero),
                    outcome: .delivered)
            }
            // The attempt row's foreign key or the missing outbox row: either way nothing is kept.
            #expect(error != nil)
            #expect(try await store.deliveryAttempts(callbackID: 42).isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func webhookDeliveriesAreSeenOnce(kind: StoreKind) async throws {
        try await withTestStore(kind) { store async throws in
            #expect(try await store.recordWebhookDelivery(source: "github", deliveryID: "d-1", at: time(0)))
            #expect(try await store.recordWebhookDelivery(source: "github", deliveryID: "d-1", at: time(1)) == false)
            #expect(try await store.recordWebhookDelivery(source: "other", deliveryID: "d-1", at: time(1)))
        }
    }
}
