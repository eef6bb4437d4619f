import Foundation
import Testing

@testable import Workflow

/// The JSON text codec against Foundation: every rule by hand-picked cases, then seeded random values and texts,
/// each checked against `JSONEncoder` (`[.sortedKeys, .withoutEscapingSlashes]`) and `JSONDecoder`.
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
        #expect(error.message.hasSuffix("at offset \(offset)"))
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

/// Foundation's answers, configured as the store configures them.
private enum FoundationJSON {
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
private func expectSameAsFoundation(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws {
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
    fileprivate func same(as other: JSONValue) -> Bool {
        switch (self, other) {
        case (.double(let a), .double(let b)): a.bitPattern == b.bitPattern
        case (.array(let a), .array(let b)): a.count == b.count && zip(a, b).allSatisfy { $0.same(as: $1) }
        case (.object(let a), .object(let b)):
            a.count == b.count && a.allSatisfy { key, value in b[key].map { value.same(as: $0) } ?? false }
        default: self == other
        }
    }
}

@Suite("JSON text against Foundation on seeded random input")
struct JSONTextDifferentialTests {
    @Test("random values are written as JSONEncoder writes them and read back as JSONDecoder reads them")
    func randomValues() throws {
        var random = SeededRandom(state: 0x5EED_0001)
        var mismatches: [String] = []
        for _ in 0..<3000 {
            let value = random.value(depth: 0)
            let ours = try value.jsonText()
            let theirs = try FoundationJSON.encoded(value)
            if ours != theirs {
                mismatches.append("wrote \(ours.debugDescription), JSONEncoder \(theirs.debugDescription)")
            }
            let read = try JSONValue(jsonText: ours)
            let expected = try FoundationJSON.decoded(Data(theirs.utf8))
            if !read.same(as: expected) {
                mismatches.append("read \(ours.debugDescription) as \(read), JSONDecoder \(expected)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, the first: \(mismatches.prefix(3))")
    }

    @Test("odd but valid texts (whitespace, escapes, number spellings, trailing commas, repeated names) read alike")
    func oddTexts() throws {
        var random = SeededRandom(state: 0x5EED_0002)
        for _ in 0..<6000 {
            let text = random.oddText(random.value(depth: 0))
            try expectSameAsFoundation(Array((random.below(20) == 0 ? "\u{FEFF}" + text : text).utf8))
        }
    }

    @Test("texts with a byte inserted, removed or replaced are refused by both or read alike")
    func mutatedTexts() throws {
        var random = SeededRandom(state: 0x5EED_0005)
        let inserts = Array("{}[],:\"\\/ \t0123456789.eE+-tfnu".utf8) + [0x00, 0x01, 0x7F, 0x80, 0xC3, 0xED, 0xFF]
        for _ in 0..<6000 {
            var bytes = Array(random.oddText(random.value(depth: 0)).utf8)
            for _ in 0...random.below(2) {
                let position = random.below(bytes.count + 1)
                switch random.below(3) {
                case 0: bytes.insert(random.pick(inserts), at: position)
                case 1 where position < bytes.count: bytes.remove(at: position)
                default: if position < bytes.count { bytes[position] = random.pick(inserts) }
                }
            }
            try expectSameAsFoundation(bytes)
        }
    }

    @Test("number spellings, valid or not, near every boundary, alone and inside containers")
    func numbers() throws {
        var random = SeededRandom(state: 0x5EED_0003)
        for _ in 0..<6000 {
            let token = random.numberToken()
            for text in [token, "[\(token)]", "{\"k\":\(token)}", "{\"k\":0,\"k\":\(token)}"] {
                try expectSameAsFoundation(Array(text.utf8))
            }
        }
    }

    @Test("every short string of structural bytes, NULs, byte-order marks and surrogate halves")
    func shortByteStrings() throws {
        let alphabet: [UInt8] = [0x00, 0x31, 0x20, 0x5B, 0x5D, 0x22, 0xFE, 0xFF, 0xEF, 0xBB, 0xBF, 0x2C, 0xD8, 0xDC]
        var strings: [[UInt8]] = [[]]
        for _ in 0..<4 {
            strings = strings.flatMap { prefix in alphabet.map { prefix + [$0] } }
            for bytes in strings { try expectSameAsFoundation(bytes) }
        }
        var random = SeededRandom(state: 0x5EED_0004)
        for _ in 0..<5000 {
            try expectSameAsFoundation((0..<(5 + random.below(6))).map { _ in random.pick(alphabet) })
        }
    }
}

/// SplitMix64, so every run replays the same cases (WorkflowTests does not depend on SundialTesting).
private struct SeededRandom: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    mutating func value(depth: Int) -> JSONValue {
        switch below(depth >= 4 ? 6 : 9) {
        case 0: return .null
        case 1: return .bool(below(2) == 0)
        case 2: return .int(integer())
        case 3: return .double(double())
        case 4, 5: return .string(string())
        case 6: return .array((0..<below(5)).map { _ in value(depth: depth + 1) })
        default:
            var members: [String: JSONValue] = [:]
            for _ in 0..<below(6) { members[key()] = value(depth: depth + 1) }
            return .object(members)
        }
    }

    mutating func integer() -> Int64 {
        switch below(4) {
        case 0:
            let edges: [Int64] = [.min, .max, 0, -1, 1, 1 << 53, (1 << 53) + 1, -(1 << 53), .min + 1, .max - 1]
            return pick(edges)
        case 1: return Int64(bitPattern: next())
        case 2: return Int64(below(2001)) - 1000
        default: return Int64(bitPattern: next()) >> below(63)
        }
    }

    mutating func double() -> Double {
        switch below(5) {
        case 0:
            return pick([
                -0.0, 0.0, 1.0, 0.1, 1e-7, 1e100, 1e15, 1e16, 1e21, 1e22, 2.5, 9007199254740992, 123456789.125,
                .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .leastNonzeroMagnitude, .leastNormalMagnitude,
                .leastNormalMagnitude.nextDown, 0x1p63, -0x1p63, 0x1p64,
            ])
        case 1:
            while true {
                let number = Double(bitPattern: next())
                if number.isFinite { return number }
            }
        case 2: return Double(below(2_000_001) - 1_000_000) * pow(10, Double(below(61) - 30))
        case 3: return Double(Int64(bitPattern: next()) >> below(63))
        default:
            return (below(2) == 0 ? -1 : 1) * Double.random(in: 0..<1, using: &self) * pow(10, Double(below(41) - 20))
        }
    }

    mutating func string() -> String {
        var text = ""
        for _ in 0..<below(9) { text.unicodeScalars.append(scalar()) }
        return text
    }

    mutating func key() -> String {
        below(3) == 0
            ? string() : pick(["a", "A", "aa", "b", "B", "é", "e\u{301}", "", "a\u{0}", "z", "Z", "key", "ü", "😀"])
    }

    mutating func scalar() -> Unicode.Scalar {
        switch below(6) {
        case 0: return Unicode.Scalar(UInt8(0x20 + below(0x5F)))
        case 1: return Unicode.Scalar(UInt8(below(3) == 0 ? 0x7F : below(0x20)))
        case 2:
            return pick(["\"", "\\", "/", "é", "\u{301}", "😀", "\u{2028}", "\u{FEFF}", "\u{FFFF}", "\u{10FFFF}", "中"])
        case 3: return Unicode.Scalar(UInt32(below(0xD800))) ?? "x"
        case 4: return Unicode.Scalar(UInt32(0x10000 + below(0x100000))) ?? "x"
        default: return Unicode.Scalar(UInt8(0x61 + below(26)))
        }
    }

    // MARK: Odd texts

    mutating func space() -> String { (0..<below(3)).map { _ in pick([" ", "\t", "\n", "\r"]) }.joined() }

    mutating func oddText(_ value: JSONValue) -> String {
        space() + spelled(value) + space()
    }

    mutating func spelled(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let integer): return "\(integer)" + pick(["", "", ".0", "e0", "E+00", ".000e-0", "0e-1"])
        case .double(let number):
            let text = number.description
            return below(2) == 0 ? text : text.uppercased() + (text.contains("e") ? "" : "e0")
        case .string(let text): return quoted(text)
        case .array(let elements):
            let inner = elements.map { oddText($0) }.joined(separator: ",")
            return "[" + inner + (elements.isEmpty || below(4) > 0 ? "" : "," + space()) + "]"
        case .object(let members):
            // Sorted first: a dictionary's order changes from run to run, and the cases must not.
            let sorted = members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            var parts = sorted.shuffled(using: &self).map { quoted($0.key) + space() + ":" + oddText($0.value) }
            if let repeated = sorted.randomElement(using: &self)?.key, below(3) == 0 {
                let junk = pick(["01", "-", "1-+e.", "\"\\ud800\u{1}\\x\"", "[01,{\"b\":-}]", "1e400", "\"\u{1}\""])
                parts.append(quoted(repeated) + ":" + space() + junk)
            }
            return "{" + parts.joined(separator: ",") + (parts.isEmpty || below(4) > 0 ? "" : ",") + space() + "}"
        }
    }

    mutating func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            let mustEscape = scalar.value < 0x20 || scalar == "\"" || scalar == "\\"
            switch mustEscape ? below(2) : below(4) {
            case 0:
                for unit in String(scalar).utf16 {
                    let hex = String(unit, radix: 16)
                    let padded = String(repeating: "0", count: 4 - hex.count) + hex
                    result += "\\u" + (below(2) == 0 ? padded : padded.uppercased())
                }
            case 1:
                let short: [Unicode.Scalar: String] = [
                    "\"": "\\\"", "\\": "\\\\", "/": "\\/", "\u{8}": "\\b", "\u{C}": "\\f", "\n": "\\n", "\r": "\\r",
                    "\t": "\\t",
                ]
                if let escape = short[scalar] {
                    result += escape
                } else if mustEscape {
                    result += String(format: "\\u%04x", scalar.value)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    // MARK: Numbers

    mutating func numberToken() -> String {
        var token = below(2) == 0 ? "-" : ""
        switch below(4) {
        case 0: token += "0"
        case 1:
            token += pick([
                "9007199254740993", "9223372036854775807", "9223372036854775808", "18446744073709551615",
                "4503599627370497", "9223372036854774784", "9223372036854775295", "1", "12345678901234567890",
            ])
        default: token += String(1 + below(9)) + digits(below(24))
        }
        switch below(3) {
        case 0: break
        case 1: token += "." + digits(below(30))
        default: token += "." + pick(["0", "5", "50000", "000000000000000000000000000001", "9", "4999999999"])
        }
        if below(2) == 0 {
            token += pick(["e", "E"]) + pick(["", "+", "-"])
            token +=
                below(3) == 0
                ? pick(["400", "308", "309", "324", "325", "0018", "0", "22", "23"]) : digits(1 + below(3))
        }
        if below(8) == 0 {
            var characters = Array(token)
            let position = below(characters.count + 1)
            if below(2) == 0, position < characters.count {
                characters.remove(at: position)
            } else {
                characters.insert(pick(Array("0.+-eE")), at: position)
            }
            token = String(characters)
        }
        return token
    }

    mutating func digits(_ count: Int) -> String {
        String((0..<count).map { _ in Character(String(below(10))) })
    }
}
