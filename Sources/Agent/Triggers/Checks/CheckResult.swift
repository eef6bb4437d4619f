import Workflow

/// What one probe found: whether the target is healthy, a one-line reason, and the details an execution reads
/// in `Trigger.payload`.
public struct CheckResult: Hashable, Sendable {
    public var healthy: Bool
    /// `HTTP 503 (expected 200)`, `connection refused`, `exit status 1`.
    public var detail: String
    /// Kind-specific members: `kind` (`http`, `tcp`, `command`) and what was probed and seen.
    public var details: [String: JSONValue]

    public init(healthy: Bool, detail: String, details: [String: JSONValue]) {
        self.healthy = healthy
        self.detail = detail
        self.details = details
    }

    /// Whether the probe never reached its target because the outbound policy refuses it (`http.blocked`,
    /// `net.blocked`): a configuration problem, not a sign that the target is unhealthy.
    public var isRefusal: Bool {
        guard let code = details["error"]?.stringValue else { return false }
        return code == "http.blocked" || code == "net.blocked"
    }

    /// The payload of the event this result fires: the details plus `healthy`, `detail`, `consecutiveFailures`
    /// and the time it was checked (milliseconds since 1970).
    func payload(consecutiveFailures: Int, checkedAtMillis: Int64) -> JSONValue {
        var payload = details
        payload["healthy"] = .bool(healthy)
        payload["detail"] = .string(detail)
        payload["consecutiveFailures"] = .int(Int64(consecutiveFailures))
        payload["checkedAtMillis"] = .int(checkedAtMillis)
        return .object(payload)
    }
}
