import Workflow

/// One alert read from an inbound notification, ready to be routed to the workflows it names.
public struct InboundAlert: Hashable, Sendable {
    /// The notification format it came in.
    public enum Source: String, Hashable, Sendable {
        case alertmanager
        case datadog
    }

    /// Whether the alert is firing or has resolved.
    public enum Status: String, Hashable, Sendable {
        case firing
        case resolved
    }

    public var source: Source
    public var status: Status
    /// The workflow handles it names, in order of first mention, without repeats.
    public var handles: [String]
    /// What the execution reads as `Trigger.payload`.
    public var payload: JSONValue
    /// Identifies this notification of this alert, so a repeat of it (Alertmanager re-sending a group, a sender
    /// retrying) starts nothing; `nil` when the body carries nothing to tell repeats apart.
    public var deliveryKey: String?
    /// A readable name for responses (`alertname`, the monitor's title).
    public var name: String?

    public init(
        source: Source, status: Status, handles: [String], payload: JSONValue, deliveryKey: String? = nil,
        name: String? = nil
    ) {
        self.source = source
        self.status = status
        self.handles = handles
        self.payload = payload
        self.deliveryKey = deliveryKey
        self.name = name
    }

    /// `Trigger.<key>` for an execution this alert starts: `payload`, `source`, `status` and the `handle` matched.
    public func triggerData(handle: String) -> [String: JSONValue] {
        [
            "payload": payload, "source": .string(source.rawValue), "status": .string(status.rawValue),
            "handle": .string(handle),
        ]
    }
}
