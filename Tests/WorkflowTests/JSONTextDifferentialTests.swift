import Foundation
import Testing

@testable import Workflow

/// The JSON text codec against `JSONEncoder` and `JSONDecoder` on seeded random values and texts.
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
struct SeededRandom: RandomNumberGenerator {
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
