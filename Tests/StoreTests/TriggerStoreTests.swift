import Foundation
import Store
import Testing

@Suite("Trigger state and fires")
struct TriggerStoreTests {
    @Test(arguments: StoreKind.allCases)
    func armedTriggersComeSoonestFirst(kind: StoreKind) async throws {
        try await withTestStore(kind) { store async throws in
            _ = try await store.createWorkflow(id: "wf", definition: definition("A"), actor: "a", at: time(0))
            try await store.saveTriggerState(
                TriggerState(workflowID: "wf", triggerID: "late", armed: true, nextFireAt: time(300)))
            try await store.saveTriggerState(
                TriggerState(workflowID: "wf", triggerID: "soon", armed: true, nextFireAt: time(60)))
            try await store.saveTriggerState(TriggerState(workflowID: "wf", triggerID: "event", armed: true))
            try await store.saveTriggerState(
                TriggerState(workflowID: "wf", triggerID: "off", armed: false, nextFireAt: time(1)))
            #expect(try await store.armedTriggers().map(\.triggerID) == ["soon", "late", "event"])
            #expect(try await store.triggerStates(workflowID: "wf").count == 4)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func firesKeepSkipsWithReasonsAndUpdateStateAtomically(kind: StoreKind) async throws {
        try await withTestStore(kind) { store async throws in
            _ = try await store.createWorkflow(id: "wf", definition: definition("A"), actor: "a", at: time(0))
            let state = TriggerState(
                workflowID: "wf", triggerID: "0", armed: true, nextFireAt: time(120), lastFireAt: time(60),
                lastScheduledAt: time(60), missedCount: 2)
            try await store.recordFire(
                TriggerFire(
                    workflowID: "wf", triggerID: "0", scheduledAt: time(0), firedAt: time(0),
                    outcome: .started(executionID: "e1")),
                state: nil)
            try await store.recordFire(
                TriggerFire(
                    workflowID: "wf", triggerID: "0", scheduledAt: time(60), firedAt: time(61),
                    outcome: .skipped(reason: "rate limited")),
                state: state)
            try await store.recordFire(
                TriggerFire(workflowID: "wf", triggerID: "1", firedAt: time(62), outcome: .skipped(reason: "overlap")),
                state: nil)

            let recent = try await store.recentFires(workflowID: "wf", triggerID: "0", since: time(30))
            #expect(
                recent == [
                    TriggerFire(
                        workflowID: "wf", triggerID: "0", scheduledAt: time(60), firedAt: time(61),
                        outcome: .skipped(reason: "rate limited"))
                ])
            #expect(try await store.recentFires(workflowID: "wf", triggerID: "0", since: time(0)).count == 2)
            #expect(try await store.triggerStates(workflowID: "wf") == [state])
        }
    }
}
