import Foundation
import Workflow

/// Reads a Datadog monitor notification as the Webhooks integration posts it: the default payload (`id`, `title`,
/// `body`, `event_type`, `date`, `last_updated`, `org`) or a custom one using the documented variables
/// (`alert_transition`, `alert_title`, `event_msg`, `tags`, `alert_scope`, …). The whole body is one alert.
///
/// It is resolved when its transition (`alert_transition` or `transition`, else the `[Recovered]` prefix of the
/// title) is `Recovered`; every other transition (`Triggered`, `Re-Triggered`, `Warn`, `No Data`, `Renotify`)
/// fires.
public enum DatadogNotification {
    /// Members whose text may hold `@workflow-<handle>`.
    static let textMembers = ["body", "event_msg", "text_only_msg", "message", "title", "alert_title", "event_title"]
    /// Members whose text is a transition.
    static let transitionMembers = ["alert_transition", "transition"]
    /// Members that hold tags: a comma-separated string or an array of strings.
    static let tagMembers = ["tags", "alert_scope"]

    /// Whether `body` is in this format: it has a title, a message or a transition as a string.
    public static func matches(_ body: [String: JSONValue]) -> Bool {
        (textMembers + transitionMembers).contains { body[$0]?.stringValue != nil }
    }

    /// The one alert `body` carries.
    /// - Throws: `AlertBodyError` for a `tags` member that is neither a string nor an array of strings.
    public static func alert(in body: [String: JSONValue]) throws(AlertBodyError) -> InboundAlert {
        var handles: [String] = []
        for member in tagMembers {
            for tag in try tags(body[member], at: "/\(member)") {
                if let handle = HandleMentions.inTag(tag) { handles.append(handle) }
            }
        }
        for member in textMembers {
            if let text = body[member]?.stringValue { handles += HandleMentions.inText(text) }
        }
        let status: InboundAlert.Status = isRecovery(transition(of: body)) ? .resolved : .firing
        let id = body["id"].flatMap { $0.stringValue ?? $0.intValue.map(String.init) }
        return InboundAlert(
            source: .datadog, status: status, handles: HandleMentions.unique(handles), payload: .object(body),
            deliveryKey: id.map { "datadog|\($0)|\(status.rawValue)" },
            name: body["alert_title"]?.stringValue ?? body["title"]?.stringValue)
    }

    /// The transition named in the body, or the bracketed prefix of its title (`[Recovered] Disk full`).
    static func transition(of body: [String: JSONValue]) -> String? {
        for member in transitionMembers {
            if let text = body[member]?.stringValue, !text.isEmpty { return text }
        }
        guard let title = body["title"]?.stringValue ?? body["event_title"]?.stringValue, title.hasPrefix("["),
            let close = title.firstIndex(of: "]")
        else { return nil }
        return String(title[title.index(after: title.startIndex)..<close])
    }

    static func isRecovery(_ transition: String?) -> Bool {
        guard let transition else { return false }
        return ["recovered", "recovery", "resolved"].contains(
            transition.trimmingCharacters(in: .whitespaces).lowercased())
    }

    /// Tags from a comma-separated string or an array of strings (absent is none).
    static func tags(_ value: JSONValue?, at pointer: String) throws(AlertBodyError) -> [String] {
        switch value {
        case nil, .null?: return []
        case .string(let text)?: return text.split(separator: ",").map(String.init)
        case .array(let items)?:
            return try items.enumerated().map { index, item throws(AlertBodyError) in
                guard let text = item.stringValue else {
                    throw AlertBodyError(pointer: "\(pointer)/\(index)", message: "a tag must be a string")
                }
                return text
            }
        default:
            throw AlertBodyError(
                pointer: pointer, message: "tags must be a comma-separated string or an array of strings")
        }
    }
}
