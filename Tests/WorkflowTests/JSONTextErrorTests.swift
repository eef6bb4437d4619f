import Foundation
import Testing

@testable import Workflow

/// Where a JSON text's problem is (line, column) and the refusal of repeated member names.
@Suite("JSON text errors: line and column, repeated member names")
struct JSONTextErrorTests {
    @Test(
        "a reading error names the line and column of its offset",
        arguments: [
            ("{\"a\": 1,\n  \"b\": x}", 2, 8, 16), ("[1,\n2,\n\n  ]x", 4, 4, 11), ("tru", 1, 4, 3),
            ("\"é\" 1", 1, 5, 5), ("{\r\n\"a\"}", 2, 4, 6), ("", 1, 1, 0),
        ] as [(String, Int, Int, Int)])
    func location(text: String, line: Int, column: Int, offset: Int) throws {
        let error = try #require(throws: JSONTextError.self) { try JSONValue(jsonText: text) }
        #expect(error.offset == offset)
        #expect(error.line == line)
        #expect(error.column == column)
        #expect(error.message.hasSuffix("at line \(line), column \(column) (offset \(offset))"))
    }

    @Test("transcoded UTF-16 input is located in its characters")
    func utf16Location() throws {
        let bytes = Array("[1,\n x]".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let error = try #require(throws: JSONTextError.self) { try JSONValue(jsonText: bytes) }
        #expect(error.line == 2)
        #expect(error.column == 2)
    }

    @Test(
        "a repeated member name is refused on request, with its JSON pointer and place",
        arguments: [
            ("{\"a\":1,\"a\":2}", "/a", 1, 8), ("{\"x\":[0,{\"k\":1,\n\"k\":2}]}", "/x/1/k", 2, 1),
            ("{\"a/b\":{\"~\":1,\"~\":{}}}", "/a~1b/~0", 1, 15), ("[{\"a\":1,\"a\":tru}]", "/0/a", 1, 9),
            ("{\"é\":1,\"e\\u0301\":2}", "/é", 1, 8),
        ] as [(String, String, Int, Int)])
    func duplicates(text: String, pointer: String, line: Int, column: Int) throws {
        let error = try #require(throws: JSONTextError.self) {
            try JSONValue(jsonText: Array(text.utf8), duplicateMembers: .reject)
        }
        #expect(error.code == .duplicateMember)
        #expect(error.pointer == pointer)
        #expect(error.line == line)
        #expect(error.column == column)
        #expect(error.message.contains("at \(pointer), line \(line)"))
        // The default reading keeps the first value, as JSONDecoder does, or refuses only what it refuses.
        if text.contains("tru") {
            #expect(throws: JSONTextError.self) { try JSONValue(jsonText: text) }
        } else {
            #expect(try JSONValue(jsonText: text).same(as: FoundationJSON.decoded(Data(text.utf8))))
        }
    }

    @Test("refusing repeated names changes nothing else: seeded random texts read alike in both modes")
    func strictAgreesOtherwise() throws {
        var random = SeededRandom(state: 0x5EED_00D0)
        var checked = 0
        for _ in 0..<2000 {
            let bytes = Array(random.oddText(random.value(depth: 0)).utf8)
            let lenient = Result { () throws(JSONTextError) in try JSONValue(jsonText: bytes) }
            let strict = Result { () throws(JSONTextError) in
                try JSONValue(jsonText: bytes, duplicateMembers: .reject)
            }
            switch (lenient, strict) {
            case (.success(let a), .success(let b)):
                #expect(a.same(as: b))
                checked += 1
            case (.success, .failure(let error)):
                #expect(error.code == .duplicateMember, "\(String(decoding: bytes, as: UTF8.self)): \(error)")
            case (.failure(let a), .failure(let b)):
                #expect(a == b || b.code == .duplicateMember)
            case (.failure(let error), .success):
                Issue.record("\(String(decoding: bytes, as: UTF8.self)): refused only leniently: \(error)")
            }
        }
        #expect(checked > 1000)
    }
}
