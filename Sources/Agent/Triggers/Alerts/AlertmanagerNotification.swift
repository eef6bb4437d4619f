import Workflow

/// Reads a Prometheus Alertmanager webhook body (version 4): a group of `alerts`, each with `status`, `labels`,
/// `annotations`, `startsAt`, `endsAt`, `fingerprint`, and the group's `commonLabels`, `groupLabels`, … .
///
/// Each alert becomes an `InboundAlert` whose payload is the alert object plus the group's members it lacks
/// (`commonLabels`, `commonAnnotations`, `groupLabels`, `groupKey`, `receiver`, `externalURL`).
public enum AlertmanagerNotification {
    /// The group members copied into each alert's payload.
    static let groupMembers = [
        "commonLabels", "commonAnnotations", "groupLabels", "groupKey", "receiver", "externalURL",
    ]

    /// Whether `body` is in this format: an object with an `alerts` member.
    public static func matches(_ body: [String: JSONValue]) -> Bool {
        body["alerts"] != nil
    }

    /// The alerts of `body`.
    /// - Throws: `AlertBodyError` pointing at the first member that is not as Alertmanager sends it.
    public static func alerts(in body: [String: JSONValue]) throws(AlertBodyError) -> [InboundAlert] {
        if let version = body["version"], version != .string("4") {
            throw AlertBodyError(
                pointer: "/version",
                message: "Sundial reads Alertmanager webhook version \"4\", found \(describe(version))")
        }
        guard let alerts = body["alerts"]?.arrayValue else {
            throw AlertBodyError(pointer: "/alerts", message: "alerts must be an array of alert objects")
        }
        let common = try labels(body["commonLabels"], at: "/commonLabels")
        let commonMentions = textMentions(body["commonAnnotations"])
        var result: [InboundAlert] = []
        for (index, value) in alerts.enumerated() {
            let base = "/alerts/\(index)"
            guard case .object(var alert) = value else {
                throw AlertBodyError(pointer: base, message: "an alert must be an object with status and labels")
            }
            let status: InboundAlert.Status
            switch alert["status"] {
            case .string("firing"): status = .firing
            case .string("resolved"): status = .resolved
            case let other:
                throw AlertBodyError(
                    pointer: "\(base)/status",
                    message: "status must be \"firing\" or \"resolved\", found \(other.map(describe) ?? "nothing")")
            }
            let own = try labels(alert["labels"], at: "\(base)/labels")
            if let annotations = alert["annotations"], annotations.objectValue == nil {
                throw AlertBodyError(pointer: "\(base)/annotations", message: "annotations must be an object")
            }
            let handles = HandleMentions.unique(
                HandleMentions.inLabels(own.merging(common) { mine, _ in mine }) + textMentions(alert["annotations"])
                    + commonMentions)
            for member in groupMembers where alert[member] == nil {
                if let value = body[member] { alert[member] = value }
            }
            result.append(
                InboundAlert(
                    source: .alertmanager, status: status, handles: handles, payload: .object(alert),
                    deliveryKey: deliveryKey(alert, labels: own, status: status), name: own["alertname"]))
        }
        return result
    }

    /// `fingerprint|startsAt|status`: the same alert episode in the same state, however often it is re-sent.
    /// Without a fingerprint (older senders) the sorted labels stand in for it.
    static func deliveryKey(_ alert: [String: JSONValue], labels: [String: String], status: InboundAlert.Status)
        -> String
    {
        let identity =
            alert["fingerprint"]?.stringValue
            ?? labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        return "alertmanager|\(identity)|\(alert["startsAt"]?.stringValue ?? "")|\(status.rawValue)"
    }

    /// A label set: an object of strings (absent is empty).
    static func labels(_ value: JSONValue?, at pointer: String) throws(AlertBodyError) -> [String: String] {
        guard let value, value != .null else { return [:] }
        guard let object = value.objectValue else {
            throw AlertBodyError(pointer: pointer, message: "labels must be an object of label names to strings")
        }
        var labels: [String: String] = [:]
        for (name, item) in object {
            guard let text = item.stringValue else {
                throw AlertBodyError(
                    pointer: pointer + JSONPointer.make([name]), message: "a label value must be a string")
            }
            labels[name] = text
        }
        return labels
    }

    /// `@workflow-…` mentions in the string values of an annotations object.
    static func textMentions(_ annotations: JSONValue?) -> [String] {
        (annotations?.objectValue ?? [:]).sorted { $0.key < $1.key }.flatMap { _, value in
            value.stringValue.map(HandleMentions.inText) ?? []
        }
    }

    static func describe(_ value: JSONValue) -> String {
        value.stringValue.map { "\"\($0)\"" } ?? value.typeName
    }
}
