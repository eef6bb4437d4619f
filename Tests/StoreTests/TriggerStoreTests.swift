import Foundation
import Store
import Testing
import Workflow

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

    @Test(arguments: StoreKind.allCases)
    func firesAndTheExecutionsTheyStartAreWrittenTogether(kind: StoreKind) async throws {
        try await withTestStore(kind) { store async throws in
            _ = try await store.createWorkflow(id: "wf", definition: definition("A"), actor: "a", at: time(0))
            let state = TriggerState(
                workflowID: "wf", triggerID: "scheduleTrigger", armed: true, nextFireAt: time(120),
                lastScheduledAt: time(60))
            let fires = [
                TriggerFire(
                    workflowID: "wf", triggerID: "scheduleTrigger", scheduledAt: time(0), firedAt: time(61),
                    outcome: .skipped(reason: "coalesced")),
                TriggerFire(
                    workflowID: "wf", triggerID: "scheduleTrigger", scheduledAt: time(60), firedAt: time(61),
                    outcome: .started(executionID: "e1")),
            ]
            let replayed = try await store.recordFires(
                fires, executions: [pendingExecution("e1", created: time(61))], state: state, idempotencyKey: nil,
                actor: "scheduleTrigger")
            #expect(replayed == nil)
            #expect(try await store.execution(id: "e1")?.status == .pending)
            #expect(try await store.triggerStates(workflowID: "wf") == [state])
            let page = try await store.fires(workflowID: "wf", offset: 0, limit: 10)
            #expect(page.total == 2)
            // Newest first; fires of the same millisecond by the order they were recorded, latest first.
            #expect(page.fires.map(\.fire) == fires.reversed())
            #expect(try await store.auditLog(subjectKind: "execution", subjectID: "e1", limit: 5).count == 1)

            // A second execution with the same id fails the whole write: no fire and no state change are kept.
            let later = TriggerState(
                workflowID: "wf", triggerID: "scheduleTrigger", armed: true, lastScheduledAt: time(120))
            await #expect(throws: StoreError.self) {
                try await store.recordFires(
                    [
                        TriggerFire(
                            workflowID: "wf", triggerID: "scheduleTrigger", firedAt: time(121),
                            outcome: .started(executionID: "e1"))
                    ],
                    executions: [pendingExecution("e1", created: time(121))], state: later, idempotencyKey: nil,
                    actor: "scheduleTrigger")
            }
            #expect(try await store.fires(workflowID: "wf", offset: 0, limit: 10).total == 2)
            #expect(try await store.triggerStates(workflowID: "wf") == [state])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func anIdempotencyKeyUsedBeforeWritesNothing(kind: StoreKind) async throws {
        try await withTestStore(kind) { store async throws in
            _ = try await store.createWorkflow(id: "wf", definition: definition("A"), actor: "a", at: time(0))
            func fire(_ id: String) -> TriggerFire {
                TriggerFire(
                    workflowID: "wf", triggerID: "apiTrigger", firedAt: time(1), outcome: .started(executionID: id))
            }
            let first = try await store.recordFires(
                [fire("e1")], executions: [pendingExecution("e1")], state: nil, idempotencyKey: "k", actor: "a")
            let second = try await store.recordFires(
                [fire("e2")], executions: [pendingExecution("e2")], state: nil, idempotencyKey: "k", actor: "a")
            #expect(first == nil)
            #expect(second == "e1")
            #expect(try await store.execution(id: "e2") == nil)
            #expect(try await store.fires(workflowID: "wf", offset: 0, limit: 10).fires.map(\.fire) == [fire("e1")])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func firesArePagedNewestFirstAcrossTriggers(kind: StoreKind) async throws {
        try await withTestStore(kind) { store async throws in
            _ = try await store.createWorkflow(id: "wf", definition: definition("A"), actor: "a", at: time(0))
            for second in 0..<25 {
                try await store.recordFire(
                    TriggerFire(
                        workflowID: "wf", triggerID: second % 2 == 0 ? "scheduleTrigger" : "apiTrigger",
                        firedAt: time(Double(second)), outcome: .skipped(reason: "overlap")),
                    state: nil)
            }
            try await store.recordFire(
                TriggerFire(
                    workflowID: "other", triggerID: "apiTrigger", firedAt: time(99),
                    outcome: .skipped(reason: "overlap")),
                state: nil)
            try await store.saveTriggerStates([
                TriggerState(workflowID: "wf", triggerID: "scheduleTrigger", armed: true),
                TriggerState(workflowID: "wf", triggerID: "apiTrigger", armed: false),
            ])
            let second = try await store.fires(workflowID: "wf", offset: 10, limit: 10)
            #expect(second.total == 25)
            #expect(second.fires.map(\.fire.firedAt) == (5...14).reversed().map { time(Double($0)) })
            #expect(try await store.fires(workflowID: "wf", offset: 20, limit: 10).fires.count == 5)
            #expect(try await store.triggerStates(workflowID: "wf").map(\.armed) == [false, true])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func publishedTriggersOfOneKind(kind: StoreKind) async throws {
        try await withTestStore(kind) { store async throws in
            func scheduled(_ name: String, published: Bool, rule: String) -> WorkflowDefinition {
                var workflow = definition(name)
                workflow.published = published
                workflow.spec.triggers = [
                    Trigger(kind: .api),
                    Trigger(kind: .schedule, settings: TriggerSettings(rruleExpression: rule, jitter: "30s")),
                ]
                return workflow
            }
            _ = try await store.createWorkflow(
                id: "on", definition: scheduled("On", published: true, rule: "0 3 * * *"), actor: "a", at: time(0))
            _ = try await store.createWorkflow(
                id: "off", definition: scheduled("Off", published: false, rule: "0 4 * * *"), actor: "a", at: time(1))
            _ = try await store.createWorkflow(
                id: "gone", definition: scheduled("Gone", published: true, rule: "0 5 * * *"), actor: "a", at: time(2))
            try await store.deleteWorkflow(id: "gone", actor: "a", at: time(3))
            _ = try await store.createWorkflow(id: "plain", definition: definition("Plain"), actor: "a", at: time(4))

            let schedules = try await store.publishedTriggers(kind: .schedule)
            #expect(schedules.map(\.workflowID) == ["on"])
            #expect(schedules.first?.createdAt == time(0))
            #expect(schedules.first?.trigger.settings.rruleExpression == "0 3 * * *")
            #expect(schedules.first?.trigger.settings.jitter == "30s")
            #expect(try await store.publishedTriggers(kind: .api).map(\.workflowID) == ["on"])
            #expect(try await store.publishedTriggers(kind: .monitor).isEmpty)
        }
    }
}
