import Foundation
import Workflow

/// What a GitHub webhook delivery's headers say: the event (`X-GitHub-Event`) and the delivery's GUID
/// (`X-GitHub-Delivery`), and where the JSON payload is in the body (the body itself for `application/json`, the
/// `payload` form field for `application/x-www-form-urlencoded`).
public struct GitHubDelivery: Hashable, Sendable {
    public static let eventHeader = "X-GitHub-Event"
    public static let deliveryHeader = "X-GitHub-Delivery"

    /// A header or body GitHub would not send: which header (if any) and what is expected.
    public struct Problem: Error, Hashable, Sendable {
        public var header: String?
        public var message: String
    }

    public var event: String
    public var deliveryID: String

    /// Reads the two headers.
    /// - Throws: `Problem` when one is missing or empty.
    public init(event: String?, delivery: String?) throws(Problem) {
        guard let event = event?.trimmingCharacters(in: .whitespaces), !event.isEmpty else {
            throw Problem(
                header: Self.eventHeader,
                message:
                    "the \(Self.eventHeader) header is missing; GitHub names the event (push, pull_request, …) in it")
        }
        guard let delivery = delivery?.trimmingCharacters(in: .whitespaces), !delivery.isEmpty else {
            throw Problem(
                header: Self.deliveryHeader,
                message:
                    "the \(Self.deliveryHeader) header is missing; GitHub sends a unique id for each delivery in it")
        }
        self.event = event
        deliveryID = delivery
    }

    /// Whether this is the `ping` GitHub sends when a webhook is created: it starts nothing.
    public var isPing: Bool { event == "ping" }

    /// `Trigger.event`, `Trigger.delivery` and `Trigger.payload` for the execution it starts.
    public func triggerData(payload: JSONValue) -> [String: JSONValue] {
        ["event": .string(event), "delivery": .string(deliveryID), "payload": payload]
    }

    /// The JSON bytes of the payload: the body, or its `payload` field when it is form-encoded.
    /// - Throws: `Problem` for a form body without a `payload` field.
    public static func payloadBytes(body: Data, contentType: String?) throws(Problem) -> Data {
        let type = contentType?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard type == "application/x-www-form-urlencoded" else { return body }
        var components = URLComponents()
        components.percentEncodedQuery = String(decoding: body, as: UTF8.self).replacingOccurrences(
            of: "+", with: "%20")
        guard let payload = components.queryItems?.first(where: { $0.name == "payload" })?.value else {
            throw Problem(
                header: nil,
                message: "a form-encoded delivery must have a payload field holding the JSON; or set the webhook's "
                    + "content type to application/json")
        }
        return Data(payload.utf8)
    }
}
