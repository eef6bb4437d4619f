import Agent
import Store
import Testing
import Workflow

@Suite("Alert routing")
struct AlertRoutingTests {
    static func alert(_ status: InboundAlert.Status, _ handles: [String], key: String? = "k") -> InboundAlert {
        InboundAlert(
            source: .alertmanager, status: status, handles: handles, payload: ["labels": ["a": "b"]],
            deliveryKey: key)
    }

    static let routes = [
        AlertRoute(workflowID: "w1", handle: "Disk-Full", hasMonitorTrigger: true, notifyOnRecovery: false),
        AlertRoute(workflowID: "w2", handle: "disk-full", hasMonitorTrigger: true, notifyOnRecovery: true),
        AlertRoute(workflowID: "w3", handle: "nginx", hasMonitorTrigger: false, notifyOnRecovery: false),
    ]

    @Test("a firing alert fires every workflow with the handle, once each, with the alert as payload")
    func firing() {
        let decisions = AlertRouting(routes: Self.routes).decide([Self.alert(.firing, ["disk-full", "disk-full"])])
        let events = decisions.compactMap { decision -> TriggerEvent? in
            if case .fire(0, let event, "k") = decision { return event }
            return nil
        }
        #expect(decisions.count == 2)
        #expect(events.map(\.workflowID) == ["w1", "w2"])
        #expect(events.allSatisfy { $0.kind == .monitor && $0.actor == "alertmanager" })
        #expect(events[0].triggerData["payload"] == ["labels": ["a": "b"]])
        #expect(events[0].triggerData["handle"] == "disk-full")
    }

    @Test("a resolved alert fires only the workflows that ask for recoveries")
    func resolved() {
        let decisions = AlertRouting(routes: Self.routes).decide([Self.alert(.resolved, ["disk-full"])])
        #expect(decisions.count == 2)
        #expect(decisions[0] == .skip(alert: 0, workflowID: "w1", reason: "resolved"))
        guard case .fire(0, let event, _) = decisions[1] else {
            Issue.record("expected a fire, got \(decisions[1])")
            return
        }
        #expect(event.workflowID == "w2")
        #expect(event.triggerData["status"] == "resolved")
    }

    @Test("a workflow without a monitor trigger is skipped; an unknown or missing handle is unmatched")
    func skippedAndUnmatched() {
        let decisions = AlertRouting(routes: Self.routes).decide([
            Self.alert(.firing, ["nginx"]), Self.alert(.firing, ["nobody"]), Self.alert(.firing, []),
        ])
        #expect(
            decisions == [
                .skip(alert: 0, workflowID: "w3", reason: "noMonitorTrigger"),
                .unmatched(alert: 1, handles: ["nobody"]), .unmatched(alert: 2, handles: []),
            ])
    }

    @Test("routes come from stored workflows with a handle, not deleted, in id order")
    func routesFromWorkflows() throws {
        let monitor = Trigger(kind: .monitor, settings: TriggerSettings(notifyOnRecovery: true))
        func stored(_ id: String, handle: String?, triggers: [Trigger], deleted: Bool = false)
            -> StoredWorkflowSample
        {
            StoredWorkflowSample(id: id, handle: handle, triggers: triggers, deleted: deleted)
        }
        let workflows = [
            stored("b", handle: "disk-full", triggers: [monitor]),
            stored("a", handle: " Nginx ", triggers: [Trigger(kind: .api)]),
            stored("c", handle: nil, triggers: [monitor]),
            stored("d", handle: "gone", triggers: [monitor], deleted: true),
        ].map(\.stored)
        #expect(
            AlertRoute.routes(from: workflows) == [
                AlertRoute(workflowID: "a", handle: "nginx", hasMonitorTrigger: false, notifyOnRecovery: false),
                AlertRoute(workflowID: "b", handle: "disk-full", hasMonitorTrigger: true, notifyOnRecovery: true),
            ])
    }
}
