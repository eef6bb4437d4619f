import Foundation

/// One problem found in a workflow or a run's input: where it is (a JSON pointer), a stable code, and a message
/// that says what would be accepted.
public struct ValidationIssue: Hashable, Sendable, Codable, CustomStringConvertible {
    /// An RFC 6901 pointer into the workflow attributes, e.g. `/spec/steps/2/outboundEdges/0/nextStepName`.
    public var pointer: String
    /// A stable machine-readable code such as `graph.cycle` or `action.unknown`.
    public var code: String
    public var message: String

    public init(pointer: String, code: String, message: String) {
        self.pointer = pointer
        self.code = code
        self.message = message
    }

    /// `pointer: message`, or just the message for the document root.
    public var description: String { pointer.isEmpty ? message : "\(pointer): \(message)" }

    /// The same issue with `prefix` put before its pointer (e.g. `/data/attributes` for an API request body).
    public func prefixed(by prefix: String) -> ValidationIssue {
        ValidationIssue(pointer: prefix + pointer, code: code, message: message)
    }
}

/// Every problem found at once.
public struct ValidationError: Error, Hashable, Sendable, CustomStringConvertible {
    public var issues: [ValidationIssue]

    public init(issues: [ValidationIssue]) {
        self.issues = issues
    }

    /// One issue per line.
    public var description: String { issues.map(\.description).joined(separator: "\n") }
}

/// Builds JSON pointers (RFC 6901: `~` is written `~0` and `/` is written `~1`).
public enum JSONPointer {
    /// The pointer made of `tokens`.
    public static func make(_ tokens: [String]) -> String {
        tokens.map { "/" + escape($0) }.joined()
    }

    /// `token` escaped for use in a pointer.
    public static func escape(_ token: String) -> String {
        token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}
