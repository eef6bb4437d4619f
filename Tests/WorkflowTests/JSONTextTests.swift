import Foundation
import Testing

@testable import Workflow

/// The JSON text codec against Foundation, every rule by hand-picked cases, each checked against `JSONEncoder`
/// (`[.sortedKeys, .withoutEscapingSlashes]`) and `JSONDecoder`; seeded random input is in
/// `JSONTextDifferentialTests`.
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

    // MARK: Reading

    @Test(
        "the parser gives the value JSONDecoder gives",
        arguments: [
            ("{\"a\":1,\"a\":2}", ["a": 1]), ("{\"a\":1,\"b\":0,\"a\":2}", ["a": 1, "b": 0]),
            ("{\"a\":1,\"a\":01}", ["a": 1]), ("{\"a\":1,\"a\":\"\\ud800\u{1}\\x\"}", ["a": 1]),
            ("{\"a\":1,\"a\":[-,1-+e.,{\"b\":01}]}", ["a": 1]), ("{\"é\":1,\"e\\u0301\":2}", ["é": 1]),
            (" \t\n\r1 \n", 1), ("\u{FEFF}{}", [:]), ("\"x\"", "x"), ("null", nil), ("true", true),
            ("[true,false,null]", [true, false, nil]),
            ("[1,]", [1]), ("{\"a\":1 , }", ["a": 1]), ("[[],]", [[]]),
            ("{ \"a\" : 1 , \"b\" : [ ] }", ["a": 1, "b": []]),
            ("1.0", 1), ("1e2", 100), ("1E+2", 100), ("100e-2", 1), ("1.5e1", 15), ("-0", 0), ("-0.0", 0), ("0e1", 0),
            ("1e-400", 0), ("2.4703282292062327e-324", 0), ("1.0000000000000000000001", 1),
            ("1e18", 1_000_000_000_000_000_000),
            ("9223372036854775807", .int(.max)), ("-9223372036854775808", .int(.min)),
            ("9223372036854775808", .double(9223372036854775808)),
            ("-9223372036854775809", .double(-9223372036854775808)),
            ("12345678901234567890", .double(12345678901234567168)),
            ("-9223372036854775808.0", .double(-9223372036854775808)),
            ("9007199254740993.0", .int(9007199254740993)), ("9007199254740993.5", .int(9007199254740993)),
            ("-9007199254740993.5", .int(-9007199254740993)), ("9.007199254740993e15", .int(9007199254740993)),
            ("4503599627370497.5", .int(4503599627370498)),
            ("9007199254740993." + String(repeating: "0", count: 60) + "1", .int(9007199254740993)),
            ("9223372036854775295.9", .double(9223372036854774784)),
            ("1.25", 1.25), ("25e-1", 2.5), ("0.1", 0.1), ("4.9e-324", .double(.leastNonzeroMagnitude)),
            ("1.7976931348623157e308", .double(.greatestFiniteMagnitude)), ("1E-0005", 1e-5),
            ("\"\\ud83d\\ude00\\u00E9\\/\\b\\f\\n\\r\\t\\\"\\\\\\u0000\"", "😀é/\u{8}\u{C}\n\r\t\"\\\u{0}"),
            ("\"a\u{7F}b\\uFFFF\\uDBFF\\uDFFF\"", "a\u{7F}b\u{FFFF}\u{10FFFF}"),
        ] as [(String, JSONValue)])
    func reads(text: String, expected: JSONValue) throws {
        #expect(try JSONValue(jsonText: text).same(as: expected))
        #expect(try FoundationJSON.decoded(Data(text.utf8)).same(as: expected))
    }

    @Test("where JSONDecoder traps (an integer past 2^53 whose NSDecimal exponent overflows), the double is kept")
    func decimalOverflow() throws {
        let text = "0." + String(repeating: "0", count: 130) + "9007199254740993e146"
        #expect(try JSONValue(jsonText: text).same(as: .double(9007199254740992)))
    }

    @Test(
        "invalid texts throw with a code and an offset, and JSONDecoder refuses them too",
        arguments: [
            ("", JSONTextError.Code.unexpectedEnd, 0), (" ", .unexpectedEnd, 1), ("[", .unexpectedEnd, 1),
            ("]", .unexpectedCharacter, 0), ("[1 2]", .unexpectedCharacter, 3), ("1 2", .unexpectedCharacter, 2),
            ("[,]", .unexpectedCharacter, 1), ("[1,,]", .unexpectedCharacter, 3), ("{,}", .unexpectedCharacter, 1),
            ("{\"a\"}", .unexpectedCharacter, 4), ("{1:2}", .unexpectedCharacter, 1),
            ("\u{C}1", .unexpectedCharacter, 0),
            ("\u{A0}1", .unexpectedCharacter, 0), ("//c\n1", .unexpectedCharacter, 0), ("tru", .unexpectedEnd, 3),
            ("truex", .unexpectedCharacter, 4), ("nul", .unexpectedEnd, 3), ("NaN", .unexpectedCharacter, 0),
            ("Infinity", .unexpectedCharacter, 0), ("01", .invalidNumber, 0), ("-01", .invalidNumber, 0),
            ("1.", .unexpectedEnd, 2), (".5", .unexpectedCharacter, 0), ("+1", .unexpectedCharacter, 0),
            ("-", .unexpectedEnd, 1), ("--1", .unexpectedCharacter, 1), ("1e", .unexpectedEnd, 2),
            ("1e+", .unexpectedEnd, 3), ("1.e5", .unexpectedCharacter, 2), ("0x10", .unexpectedCharacter, 1),
            ("1e400", .invalidNumber, 0), ("-1e400", .invalidNumber, 0), ("1.7976931348623159e308", .invalidNumber, 0),
            ("\"\\ud83d\"", .invalidString, 1), ("\"\\ude00\"", .invalidString, 1), ("\"\\ud83dx\"", .invalidString, 1),
            ("\"\\ud83d\\u0041\"", .invalidString, 1), ("\"\\x\"", .invalidString, 1), ("\"\\u12\"", .invalidString, 5),
            ("\"\\u004G\"", .invalidString, 6), ("\"\\U0041\"", .invalidString, 1), ("\"a\u{1}b\"", .invalidString, 2),
            ("\"a\tb\"", .invalidString, 2), ("\"abc", .unexpectedEnd, 4), ("{\"\\ud800\":1}", .invalidString, 2),
            ("{\"a\":1,\"a\":\"\\u12\\\"}", .invalidString, 17), ("{\"a\":1,\"a\":tru}", .unexpectedCharacter, 14),
            ("{\"k\":{\"k\":1,\"x\":01}}", .invalidNumber, 16), ("{\"k\":[{\"k\":1},01]}", .invalidNumber, 14),
        ] as [(String, JSONTextError.Code, Int)])
    func refuses(text: String, code: JSONTextError.Code, offset: Int) throws {
        let error = try #require(throws: JSONTextError.self) { try JSONValue(jsonText: text) }
        #expect(error.code == code)
        #expect(error.offset == offset)
        #expect(error.message.hasSuffix("(offset \(offset))"))
        #expect(throws: (any Error).self) { try FoundationJSON.decoded(Data(text.utf8)) }
    }

    @Test("invalid UTF-8 in a string is refused at the first bad byte")
    func invalidUTF8() throws {
        for (bytes, offset) in [
            ([0x22, 0xFF, 0x22], 1), ([0x22, 0x61, 0xC3, 0x22], 2), ([0x22, 0xED, 0xA0, 0x80, 0x22], 1),
            ([0x22, 0xC0, 0x80, 0x22], 1), ([0x22, 0x5C, 0x6E, 0xE9, 0x22], 3), ([0x31, 0xFF], 1),
        ] as [([UInt8], Int)] {
            let error = try #require(throws: JSONTextError.self) { try JSONValue(jsonText: bytes) }
            #expect(error.offset == offset)
            #expect(throws: (any Error).self) { try FoundationJSON.decoded(Data(bytes)) }
        }
    }

    @Test("arrays and objects nest 512 deep, not 513, and a hostile depth throws instead of overflowing the stack")
    func readDepth() throws {
        for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
            for (depth, accepted) in [(512, true), (513, false), (100_000, false)] {
                let text =
                    String(repeating: open, count: depth) + (open == "[" ? "" : "1")
                    + String(repeating: close, count: depth)
                if accepted {
                    #expect(try JSONValue(jsonText: text).same(as: FoundationJSON.decoded(Data(text.utf8))))
                } else {
                    let error = try #require(throws: JSONTextError.self) { try JSONValue(jsonText: text) }
                    #expect(error.code == .tooDeep)
                    #expect(throws: (any Error).self) { try FoundationJSON.decoded(Data(text.utf8)) }
                }
            }
        }
    }

    @Test("UTF-16 and UTF-32 input is detected as JSONDecoder detects it")
    func otherEncodings() throws {
        let cases: [[UInt8]] = [
            [0x31, 0x00], [0x00, 0x31], [0xFF, 0xFE, 0x31, 0x00], [0xFE, 0xFF, 0x00, 0x31],
            [0x5B, 0x00, 0x31, 0x00, 0x5D, 0x00], [0x00, 0x00, 0x00, 0x31], [0x31, 0x00, 0x00, 0x00],
            [0x00, 0x00, 0xFE, 0xFF, 0x00, 0x00, 0x00, 0x31], [0x31, 0x00, 0x32, 0x00, 0x33],
            [0x22, 0x00, 0x00, 0xD8, 0x22, 0x00], [0x31, 0x00, 0x00, 0x00, 0x00, 0x00, 0x11, 0x00],
            [0xFF, 0xFE, 0xFF, 0xFE, 0x31, 0x00], [0xFE, 0xFF, 0x00, 0x00], [0xEF, 0xBB, 0xBF], [0x00],
        ]
        for bytes in cases { try expectSameAsFoundation(bytes) }
    }

    @Test("bytes, substrings and raw buffers parse alike")
    func inputForms() throws {
        let text = "{\"a\":[1,\"é\"]}"
        let expected: JSONValue = ["a": [1, "é"]]
        #expect(try JSONValue(jsonText: Array(text.utf8)) == expected)
        #expect(try JSONValue(jsonText: Data(text.utf8)) == expected)
        #expect(try JSONValue(jsonText: ("xx" + text).dropFirst(2)) == expected)
        #expect(try JSONValue(jsonText: text.utf8.lazy.map { $0 }) == expected)
        let fromRaw = try Array(text.utf8).withUnsafeBytes { raw throws(JSONTextError) in try JSONValue(jsonText: raw) }
        #expect(fromRaw == expected)
    }
}
