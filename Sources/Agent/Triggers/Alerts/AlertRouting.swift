import Workflow

/// Decides, for each alert, which workflows it starts: every workflow whose handle it names and whose monitor
/// trigger takes it (a firing alert always; a resolved one only with `notifyOnRecovery`).
///
/// Pure: the route does the store look-ups, the de-duplication and the firing.
public struct AlertRouting: Sendable {
    /// What to do with one alert for one workflow, or with an alert that names no known workflow.
    public enum Decision: Hashable, Sendable {
        /// Hand this event to the trigger core.
        case fire(alert: Int, event: TriggerEvent, deliveryKey: String?)
        /// The workflow is named but its trigger does not take this alert (`resolved`, `noMonitorTrigger`).
        case skip(alert: Int, workflowID: String, reason: String)
        /// No workflow has any of the handles the alert names (or it names none).
        case unmatched(alert: Int, handles: [String])
    }

    private let routesByHandle: [String: [AlertRoute]]

    public init(routes: [AlertRoute]) {
        routesByHandle = Dictionary(grouping: routes, by: \.handle)
    }

    /// The decisions for `alerts`, alert by alert, each alert's workflows in handle-mention order then id order;
    /// a workflow named twice by one alert gets one decision.
    public func decide(_ alerts: [InboundAlert]) -> [Decision] {
        var decisions: [Decision] = []
        for (index, alert) in alerts.enumerated() {
            var seen: Set<String> = []
            var matched = false
            for handle in alert.handles {
                for route in routesByHandle[handle] ?? [] where seen.insert(route.workflowID).inserted {
                    matched = true
                    decisions.append(decision(alert, index: index, route: route))
                }
            }
            if !matched { decisions.append(.unmatched(alert: index, handles: alert.handles)) }
        }
        return decisions
    }

    private func decision(_ alert: InboundAlert, index: Int, route: AlertRoute) -> Decision {
        guard route.hasMonitorTrigger else {
            return .skip(alert: index, workflowID: route.workflowID, reason: "noMonitorTrigger")
        }
        if alert.status == .resolved, !route.notifyOnRecovery {
            return .skip(alert: index, workflowID: route.workflowID, reason: "resolved")
        }
        let event = TriggerEvent(
            workflowID: route.workflowID, kind: .monitor, triggerData: alert.triggerData(handle: route.handle),
            actor: alert.source.rawValue)
        return .fire(alert: index, event: event, deliveryKey: alert.deliveryKey)
    }
}
