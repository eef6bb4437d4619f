import Foundation
import Testing

@testable import Workflow

/// The JSON text codec against Foundation: every rule by hand-picked cases, checked against `JSONEncoder`
/// (`[.sortedKeys, .withoutEscapingSlashes]`).
@Suite("JSON text")
struct JSONTextTests {
    // MARK: Writing

    @Test(
        "the writer gives the bytes JSONEncoder gives",
        arguments: [
            (.null, "null"), (true, "true"), (false, "false"), (0, "0"), (-1, "-1"),
            (.int(.max), "9223372036854775807"), (.int(.min), "-9223372036854775808"),
            (.double(1.0), "1"), (.double(-0.0), "-0"), (.double(0.0), "0"), (.double(1e100), "1e+100"),
            (.double(1e-7), "1e-07"), (.double(0.1), "0.1"), (.double(2.5), "2.5"), (.double(1e15), "1000000000000000"),
            (.double(1e16), "1e+16"), (.double(.greatestFiniteMagnitude), "1.7976931348623157e+308"),
            (.double(.leastNonzeroMagnitude), "5e-324"), (.double(.leastNormalMagnitude), "2.2250738585072014e-308"),
            (.double(-1e-5), "-1e-05"), (.double(0.0001), "0.0001"),
            ("a/b", "\"a/b\""), ("\"\\", "\"\\\"\\\\\""), ("\u{8}\u{C}\n\r\t", "\"\\b\\f\\n\\r\\t\""),
            ("\u{0}\u{1}\u{B}\u{1F}\u{7F}", "\"\\u0000\\u0001\\u000b\\u001f\u{7F}\""),
            ("é😀\u{2028}\u{FEFF}e\u{301}", "\"é😀\u{2028}\u{FEFF}e\u{301}\""),
            ([], "[]"), ([:], "{}"), ([1, [2, [:]], "x"], "[1,[2,{}],\"x\"]"),
            (
                ["b": 1, "a": 2, "B": 3, "é": 4, "aa": 5, "": 6, "a\u{0}": 7, "\u{10000}": 8, "\u{FFFF}": 9],
                "{\"\":6,\"B\":3,\"a\":2,\"a\\u0000\":7,\"aa\":5,\"b\":1,\"é\":4,\"\u{FFFF}\":9,\"\u{10000}\":8}"
            ),
            (["f": 1, "e\u{301}": 2, "é!": 3], "{\"e\u{301}\":2,\"f\":1,\"é!\":3}"),
            (
                ["host": "db-1", "count": 3, "tags": ["a", "b"], "nested": ["ok": true, "ratio": 0.25]],
                "{\"count\":3,\"host\":\"db-1\",\"nested\":{\"ok\":true,\"ratio\":0.25},\"tags\":[\"a\",\"b\"]}"
            ),
        ] as [(JSONValue, String)])
    func writes(value: JSONValue, expected: String) throws {
        #expect(try value.jsonText() == expected)
        #expect(try FoundationJSON.encoded(value) == expected)
    }

    @Test("non-finite doubles are refused, as JSONEncoder refuses them, with the pointer of the value")
    func nonFinite() throws {
        for number in [Double.nan, .infinity, -.infinity] {
            let value: JSONValue = ["a": [1, ["x/y~": .double(number)]]]
            #expect(throws: (any Error).self) { try FoundationJSON.encoded(value) }
            let error = try #require(throws: JSONTextError.self) { try value.jsonText() }
            #expect(error.code == .notFinite)
            #expect(error.pointer == "/a/1/x~1y~0")
            #expect(error.message == "the number \(number) has no JSON form (JSON numbers are finite) at /a/1/x~1y~0")
        }
        #expect(throws: JSONTextError.self) { try JSONValue.double(.nan).jsonText() }
    }

    @Test("containers nested 511 deep are written and 512 deep refused, as by JSONEncoder")
    func writeDepth() throws {
        for wrap in [{ JSONValue.array([$0]) }, { JSONValue.object(["k": $0]) }] {
            var value: JSONValue = 1
            for _ in 0..<511 { value = wrap(value) }
            #expect(try value.jsonText() == FoundationJSON.encoded(value))
            let tooDeep = wrap(value)
            #expect(throws: (any Error).self) { try FoundationJSON.encoded(tooDeep) }
            #expect(throws: JSONTextError.self) { try tooDeep.jsonText() }
        }
    }

    @Test("writing into a byte buffer appends")
    func writesIntoBuffer() throws {
        var bytes = Array("x".utf8)
        try JSONValue.object(["a": [1, 2]]).writeJSONText(into: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "x{\"a\":[1,2]}")
    }
}

/// Foundation's answers, configured as the store configures them.
private enum FoundationJSON {
    static func encoded(_ value: JSONValue) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
