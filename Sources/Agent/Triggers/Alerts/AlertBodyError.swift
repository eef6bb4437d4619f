/// An inbound alert body Sundial cannot read: where (a JSON pointer into the body) and what would be accepted.
public struct AlertBodyError: Error, Hashable, Sendable, CustomStringConvertible {
    public var pointer: String
    public var message: String

    public init(pointer: String, message: String) {
        self.pointer = pointer
        self.message = message
    }

    public var description: String { pointer.isEmpty ? message : "\(pointer): \(message)" }

    /// The message for a body that is neither format.
    static let neitherFormat =
        "the body is neither a Prometheus Alertmanager webhook ({\"version\": \"4\", \"alerts\": […]}) nor a Datadog "
        + "monitor notification ({\"title\", \"body\", \"alert_transition\", \"tags\", …})"
}
