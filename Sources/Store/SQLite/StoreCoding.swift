import Foundation
import Workflow

/// How values become columns: instants as INTEGER milliseconds since 1970 UTC, structures as JSON TEXT.
enum StoreCoding {
    static func millis(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    static func millisIfAny(_ date: Date?) -> Int64? {
        date.map { millis($0) }
    }

    static func date(_ millis: Int64) -> Date {
        Date(timeIntervalSince1970: TimeInterval(millis) / 1000)
    }

    static func dateIfAny(_ millis: Int64?) -> Date? {
        millis.map { date($0) }
    }

    /// One encoder for every call: its options never change after this, and encoding does not mutate it.
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .millisecondsSince1970
        return encoder
    }()

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return decoder
    }()

    static func json<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func json<T: Encodable>(_ value: T?) throws -> String? {
        try value.map { try json($0) }
    }

    // The columns written for every execution, step and attempt skip `JSONEncoder`: JSON values have their own
    // writer (the same text), and empty lists are common enough to be spelled out.

    static func json(_ value: JSONValue) throws -> String {
        try value.jsonText()
    }

    static func json(_ value: JSONValue?) throws -> String? {
        try value.map { try $0.jsonText() }
    }

    static func json(_ members: [String: JSONValue]) throws -> String {
        members.isEmpty ? "{}" : try JSONValue.object(members).jsonText()
    }

    static func json(_ lines: [ExecutionLogLine]) throws -> String {
        lines.isEmpty ? "[]" : try JSONValue.array(lines.map { ExecutionJSON.value($0) }).jsonText()
    }

    static func json(_ error: StepError?) throws -> String? {
        try error.map { try ExecutionJSON.value($0).jsonText() }
    }

    /// The members in `JSONEncoder`'s sorted order; a test holds this to `JSONEncoder`'s text, so a new member
    /// cannot be forgotten here.
    static func json(_ statistics: ExecutionStatistics) -> String {
        let s = statistics
        return #"{"failed":\#(s.failed),"pending":\#(s.pending),"running":\#(s.running),"skipped":\#(s.skipped),"#
            + #""stopped":\#(s.stopped),"succeeded":\#(s.succeeded),"timedOut":\#(s.timedOut),"total":\#(s.total)}"#
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try decoder.decode(type, from: Data(text.utf8))
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String?) throws -> T? {
        try text.map { try decode(type, $0) }
    }

    static func decode(_ type: JSONValue.Type, _ text: String) throws -> JSONValue {
        try JSONValue(jsonText: text)
    }

    static func decode(_ type: JSONValue.Type, _ text: String?) throws -> JSONValue? {
        try text.map { try JSONValue(jsonText: $0) }
    }

    static func decode(_ type: [String: JSONValue].Type, _ text: String) throws -> [String: JSONValue] {
        if text == "{}" { return [:] }
        guard case .object(let members) = try JSONValue(jsonText: text) else {
            throw StoreError(code: "store.corrupt", message: "a stored JSON object is not an object: \(text.prefix(80))")
        }
        return members
    }

    static func decode(_ type: [String].Type, _ text: String) throws -> [String] {
        guard case .array(let elements) = try JSONValue(jsonText: text),
            case let strings = elements.compactMap(\.stringValue), strings.count == elements.count
        else {
            throw StoreError(code: "store.corrupt", message: "a stored list of names is not one: \(text.prefix(80))")
        }
        return strings
    }

    static func decode(_ type: [ExecutionLogLine].Type, _ text: String) throws -> [ExecutionLogLine] {
        text == "[]" ? [] : try decoder.decode(type, from: Data(text.utf8))
    }
}
