import Foundation
import Testing

@testable import Workflow

/// Foundation's answers, configured as the store configures them.
enum FoundationJSON {
    static func encoded(_ value: JSONValue) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decoded(_ data: Data) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: data)
    }
}

/// Both parsers accept `bytes` or both refuse them; accepted, they give the same value.
func expectSameAsFoundation(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws {
    let ours = Result { () throws(JSONTextError) in try JSONValue(jsonText: bytes) }
    let theirs = Result { try FoundationJSON.decoded(Data(bytes)) }
    switch (ours, theirs) {
    case (.success(let a), .success(let b)):
        #expect(a.same(as: b), "\(bytes): \(a) ≠ \(b)", sourceLocation: sourceLocation)
    case (.failure, .failure): break
    case (.success(let a), .failure):
        Issue.record(
            "\(bytes) \(String(decoding: bytes, as: UTF8.self).debugDescription): read as \(a), JSONDecoder refuses it",
            sourceLocation: sourceLocation)
    case (.failure(let error), .success(let b)):
        Issue.record(
            "\(bytes) \(String(decoding: bytes, as: UTF8.self).debugDescription): \(error), JSONDecoder reads \(b)",
            sourceLocation: sourceLocation)
    }
}

extension JSONValue {
    /// Equal, with doubles compared bit for bit.
    func same(as other: JSONValue) -> Bool {
        switch (self, other) {
        case (.double(let a), .double(let b)): a.bitPattern == b.bitPattern
        case (.array(let a), .array(let b)): a.count == b.count && zip(a, b).allSatisfy { $0.same(as: $1) }
        case (.object(let a), .object(let b)):
            a.count == b.count && a.allSatisfy { key, value in b[key].map { value.same(as: $0) } ?? false }
        default: self == other
        }
    }
}
