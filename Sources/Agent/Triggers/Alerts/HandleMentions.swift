import Foundation

/// Finds the workflow handles an alert names: a tag or label value `workflow:<handle>`, an Alertmanager label
/// `workflow=<handle>` (several separated by commas), or `@workflow-<handle>` in a message. Handles are compared
/// lowercased.
public enum HandleMentions {
    static let mention = "@workflow-"
    static let tagPrefix = "workflow:"

    /// The handles `@workflow-<handle>` names in `text`; a handle is letters, digits, `_`, `-` and `.`, without a
    /// trailing `.` or `-` (so "…@workflow-disk-full." names `disk-full`).
    public static func inText(_ text: String) -> [String] {
        var handles: [String] = []
        var rest = Substring(text)
        while let range = rest.range(of: mention, options: .caseInsensitive) {
            let tail = rest[range.upperBound...]
            var handle = String(tail.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || "_-.".contains($0)) })
            while let last = handle.last, last == "." || last == "-" { handle.removeLast() }
            if !handle.isEmpty { handles.append(handle.lowercased()) }
            rest = tail
        }
        return handles
    }

    /// The handle a tag `workflow:<handle>` names, or nil for any other tag.
    public static func inTag(_ tag: String) -> String? {
        let trimmed = tag.trimmingCharacters(in: .whitespaces)
        guard trimmed.lowercased().hasPrefix(tagPrefix) else { return nil }
        let handle = trimmed.dropFirst(tagPrefix.count).trimmingCharacters(in: .whitespaces)
        return handle.isEmpty ? nil : handle.lowercased()
    }

    /// The handles Alertmanager labels name: the `workflow` label's value (comma-separated), and any label value
    /// that is a `workflow:<handle>` tag.
    public static func inLabels(_ labels: [String: String]) -> [String] {
        var handles: [String] = []
        for (name, value) in labels.sorted(by: { $0.key < $1.key }) {
            if name.lowercased() == "workflow" {
                handles += value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                    .filter { !$0.isEmpty }
            }
            for part in value.split(separator: ",") {
                if let handle = inTag(String(part)) { handles.append(handle) }
            }
        }
        return handles
    }

    /// `handles` without repeats, first mention first.
    static func unique(_ handles: [String]) -> [String] {
        var seen: Set<String> = []
        return handles.filter { seen.insert($0).inserted }
    }
}
