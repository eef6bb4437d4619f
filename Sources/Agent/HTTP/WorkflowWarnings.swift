import Workflow

/// `meta.warnings` of a workflow create or update response: what the workflow was accepted despite.
///
/// ```json
/// {"data": {…}, "meta": {"warnings": [{"pointer": "/data/attributes/publised", "code": "member.unknown",
///   "message": "a workflow has no member \"publised\"; did you mean \"published\"? …"}]}}
/// ```
/// Datadog's response has no `meta` here; its clients ignore members they do not know, so the shape stays
/// compatible. Without warnings the response is exactly Datadog's.
public enum WorkflowWarnings {
    /// `document` with `meta.warnings` added when there are any.
    public static func document(_ document: JSONValue, warnings: [ValidationIssue]) -> JSONValue {
        guard !warnings.isEmpty, case .object(var members) = document else { return document }
        members["meta"] = [
            "warnings": .array(
                warnings.map { warning in
                    [
                        "pointer": .string(warning.pointer), "code": .string(warning.code),
                        "message": .string(warning.message),
                    ]
                })
        ]
        return .object(members)
    }
}
