import Foundation

/// Turns a `DecodingError` (from `JSONDecoder`, `YAMLDecoder` or a `Decodable` initializer) into a message a person
/// can act on: the member it is about (a JSON pointer), what was found there and what would be accepted, without
/// Swift's type names or coding paths. Every decoding error shown in a response, a log line or the CLI goes through
/// here.
///
/// ```swift
/// DecodingProblem.issue(for: error, in: tree, under: "/meta")
/// // ValidationIssue(pointer: "/meta/logLevel", code: "document.type",
/// //                 message: "expected a string, found the integer 5")
/// ```
public enum DecodingProblem {
    /// The problem as a validation issue.
    ///
    /// - Parameters:
    ///   - error: any error; one that is not a `DecodingError` is described by `describe(_:)` at pointer `""`.
    ///   - document: the decoded text as a tree, to say what was found at the pointer; `nil` when not at hand.
    ///   - prefix: put before the coding path (e.g. `/data/attributes`); `nil` or `""` for none.
    public static func issue(for error: any Error, in document: JSONValue? = nil, under prefix: String? = nil)
        -> ValidationIssue
    {
        guard let error = error as? DecodingError else {
            return ValidationIssue(pointer: prefix ?? "", code: "document.decode", message: describe(error))
        }
        let (path, key): ([any CodingKey], (any CodingKey)?) =
            switch error {
            case .keyNotFound(let key, let context): (context.codingPath, key)
            case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
                (context.codingPath, nil)
            @unknown default: ([], nil)
            }
        let tokens = (path + (key.map { [$0] } ?? [])).map(token)
        let pointer = (prefix ?? "") + JSONPointer.make(tokens)
        let found = document.flatMap { $0.value(at: tokens) }.map(describeValue)
        switch error {
        case .keyNotFound(let key, _):
            return ValidationIssue(
                pointer: pointer, code: "document.missing",
                message: "the member \"\(key.stringValue)\" is required here")
        case .typeMismatch(let type, let context):
            let foundText = found ?? foundPhrase(in: context.debugDescription)
            return ValidationIssue(
                pointer: pointer, code: "document.type",
                message: "expected \(typePhrase(type))" + (foundText.map { ", found \($0)" } ?? ""))
        case .valueNotFound(let type, _):
            return ValidationIssue(
                pointer: pointer, code: "document.type", message: "expected \(typePhrase(type)), found null")
        case .dataCorrupted(let context):
            return ValidationIssue(
                pointer: pointer, code: "document.value", message: corruptedMessage(context, found: found))
        @unknown default:
            return ValidationIssue(pointer: pointer, code: "document.decode", message: "the value cannot be read")
        }
    }

    /// One line for a whole-document problem: `pointer: message`, or the message alone at the top.
    public static func line(for error: any Error, in document: JSONValue? = nil, under prefix: String? = nil)
        -> String
    {
        let issue = issue(for: error, in: document, under: prefix)
        return issue.pointer.isEmpty ? issue.message : "\(issue.pointer): \(issue.message)"
    }

    /// A short description of a parse error, without Foundation's noise or Swift type names.
    public static func describe(_ error: any Error) -> String {
        if let error = error as? JSONTextError { return error.message }
        if let error = error as? DecodingError {
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty {
                if let underlying = context.underlyingError { return describe(underlying) }
                return cleaned(context.debugDescription)
            }
            let issue = issue(for: error)
            return issue.pointer.isEmpty ? issue.message : "\(issue.pointer): \(issue.message)"
        }
        return cleaned("\(error)")
    }

    /// YAML text as a tree, to pass as `document` for errors from `YAMLDecoder`; `nil` when it is not YAML.
    public static func yamlTree(_ text: String) -> JSONValue? {
        try? YAMLTree.parse(Data(text.utf8))
    }

    private static func token(_ key: any CodingKey) -> String {
        key.intValue.map(String.init) ?? key.stringValue
    }

    /// What `value` is, as a message says it: `the integer 5`, `the string "four"`, `an object`.
    static func describeValue(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): "the boolean \(flag)"
        case .int(let integer): "the integer \(integer)"
        case .double(let number): "the number \(number)"
        case .string(let text):
            "the string \"\(text.count > 40 ? String(text.prefix(40)) + "…" : text)\""
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// "a number" from Foundation's "Expected to decode Int but found a number instead.", when it says.
    private static func foundPhrase(in description: String) -> String? {
        guard let start = description.range(of: "but found "),
            let end = description.range(of: " instead", range: start.upperBound..<description.endIndex)
        else { return nil }
        let phrase = String(description[start.upperBound..<end.lowerBound])
        return phrase.contains("Swift.") || phrase.contains("Node") ? nil : phrase
    }

    private static func corruptedMessage(_ context: DecodingError.Context, found: String?) -> String {
        let text = context.debugDescription
        // `RawRepresentable`'s own message: "Cannot initialize LogLevel from invalid String value loud".
        if text.hasPrefix("Cannot initialize "), let range = text.range(of: " value ") {
            let value = found ?? "\"\(text[range.upperBound...])\""
            return "\(value) is not one of the accepted values here"
        }
        if text.hasPrefix("expected "), !text.contains(", found "), let found { return "\(text), found \(found)" }
        return cleaned(text)
    }

    /// `text` without Swift's qualified type names, should one have reached it.
    private static func cleaned(_ text: String) -> String {
        text.replacingOccurrences(of: "Swift.", with: "").replacingOccurrences(of: "Foundation.", with: "")
    }

    private static func typePhrase(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "a boolean (true or false)"
        case is Int64.Type, is Int.Type, is Int32.Type, is UInt.Type: "an integer"
        case is Double.Type, is Float.Type: "a number"
        case is [Any].Type: "an array"
        default:
            // `Array<…>`, or a YAML decoder's sequence or unkeyed container where a list was expected.
            ["Array", "Sequence", "Unkeyed"].contains { "\(type)".contains($0) } ? "an array" : "an object"
        }
    }
}

extension JSONValue {
    /// The value at the pointer made of `tokens`, or `nil` when there is none.
    func value(at tokens: [String]) -> JSONValue? {
        var current = self
        for token in tokens {
            switch current {
            case .object(let members):
                guard let member = members[token] else { return nil }
                current = member
            case .array(let elements):
                guard let index = Int(token), elements.indices.contains(index) else { return nil }
                current = elements[index]
            default:
                return nil
            }
        }
        return current
    }
}
