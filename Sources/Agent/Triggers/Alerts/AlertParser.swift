import Workflow

/// Tells which format an inbound alert body is in and reads its alerts.
public enum AlertParser {
    /// The format of `body` and the alerts it carries (possibly none: an Alertmanager group may be empty).
    /// - Throws: `AlertBodyError` with pointer `""` for a body that is neither format, or pointing at the member
    ///   that is not as the sender documents it.
    public static func parse(_ body: JSONValue) throws(AlertBodyError) -> (InboundAlert.Source, [InboundAlert]) {
        guard case .object(let object) = body else {
            throw AlertBodyError(pointer: "", message: AlertBodyError.neitherFormat)
        }
        if AlertmanagerNotification.matches(object) {
            return (.alertmanager, try AlertmanagerNotification.alerts(in: object))
        }
        if DatadogNotification.matches(object) {
            return (.datadog, [try DatadogNotification.alert(in: object)])
        }
        throw AlertBodyError(pointer: "", message: AlertBodyError.neitherFormat)
    }
}
