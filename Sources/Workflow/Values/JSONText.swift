/// JSON text for `JSONValue` without Codable. The writer gives the bytes Foundation's `JSONEncoder` gives with
/// `outputFormatting = [.sortedKeys, .withoutEscapingSlashes]` (what the store writes), the parser the values
/// `JSONDecoder().decode(JSONValue.self, from:)` gives, as swift-foundation does both on Linux; the tests check
/// both against Foundation. The writer is here, the parser in `JSONTextParser.swift`.
extension JSONValue {
    /// Containers nested this deep are refused by the writer, as by `JSONEncoder`; the parser accepts
    /// one level more, as `JSONDecoder` does.
    public static let jsonTextMaximumDepth = 512

    /// This value as JSON text, byte for byte what `JSONEncoder` with `[.sortedKeys, .withoutEscapingSlashes]`
    /// writes for it:
    /// - object members sorted by the bytes of their UTF-8 keys (`"B" < "a" < "aa" < "é"`);
    /// - strings escape `"`, `\`, `\b \f \n \r \t`, other controls below U+0020 as `\u00xx` (lowercase hex);
    ///   `/`, U+007F and all non-ASCII characters are written as they are;
    /// - integers in decimal; doubles as `Double.description` without a trailing `.0`
    ///   (`1`, `-0`, `0.1`, `1e-07`, `1e+100`, `1.7976931348623157e+308`, `5e-324`).
    ///
    /// - Throws: `JSONTextError` with code `.notFinite` for an infinite or NaN double and `.tooDeep` for arrays
    ///   and objects nested 512 deep, as `JSONEncoder` throws for them; its `pointer` names the offending value.
    public func jsonText() throws(JSONTextError) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(128)
        try writeJSONText(into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends this value as JSON text (UTF-8) to `bytes`; see `jsonText()`.
    ///
    /// - Throws: `JSONTextError` (`.notFinite`, `.tooDeep`); `bytes` then holds a partial text.
    public func writeJSONText(into bytes: inout [UInt8]) throws(JSONTextError) {
        var writer = JSONTextWriter(bytes: bytes)
        bytes = []
        defer { bytes = writer.bytes }
        try writer.write(self, depth: 0)
    }

    /// Parses JSON text, accepting exactly what `JSONDecoder().decode(JSONValue.self, from:)` accepts:
    /// - whitespace is space, tab, CR and LF; any value may be the top-level one; a UTF-8 byte-order mark is
    ///   skipped, and UTF-16 or UTF-32 input (by byte-order mark or the NUL bytes of the first four) is transcoded;
    /// - one trailing comma is allowed before `]` or `}` (`[1,]`, `{"a":1,}`), but not in an empty container;
    /// - a repeated member name keeps its first value; the later values are only checked for structure, as
    ///   Foundation never decodes them (`{"a":1,"a":01}` is `{"a":1}`); names are compared as Swift strings, so
    ///   `"é"` and `"e\u0301"` are the same name;
    /// - strings must be valid UTF-8 without raw control characters; `\u` escapes take four hex digits and pair
    ///   surrogates; a lone surrogate is an error;
    /// - a number is `.int` when Foundation's `Int64` decoding takes it: digits that fit, or any number (`1.0`,
    ///   `1e2`, `-0.0`, `1e-400`) whose nearest double is an integer of magnitude below 2^53; from 2^53 on, the
    ///   exact decimal truncated towards zero (`9007199254740993.5` is `9007199254740993`) if that fits. Otherwise
    ///   it is the nearest `.double`; a number beyond the range of a double is an error;
    /// - arrays and objects nest at most 512 deep, so a hostile text cannot exhaust the stack.
    ///
    /// - Throws: `JSONTextError` with the byte offset of the problem in the text's UTF-8, and its line and column.
    public init(jsonText text: some StringProtocol) throws(JSONTextError) {
        if let result = text.utf8.withContiguousStorageIfAvailable({ JSONTextParser.result(of: $0) }) {
            self = try result.get()
        } else {
            var copy = String(text)
            self = try copy.withUTF8 { JSONTextParser.result(of: $0) }.get()
        }
    }

    /// Parses JSON text given as bytes: UTF-8, or UTF-16/32 as `JSONDecoder` detects them; see `init(jsonText:)`.
    ///
    /// - Throws: `JSONTextError` with the byte offset of the problem (in the UTF-8 form of transcoded input).
    public init(jsonText bytes: some Collection<UInt8>) throws(JSONTextError) {
        try self.init(jsonText: bytes, duplicateMembers: .keepFirst)
    }

    /// What the parser does with a member name an object repeats.
    public enum DuplicateMembers: Sendable {
        /// Keep the first value, as `JSONDecoder` does (the later ones are only checked for structure).
        case keepFirst
        /// Refuse the text with `.duplicateMember`, the error's `pointer` naming the repeated member: for input a
        /// person wrote, where a repeated name is a mistake whose second value would be silently dropped.
        case reject
    }

    /// Parses JSON text given as bytes, as `init(jsonText:)` does, treating a repeated member name per
    /// `duplicateMembers`.
    ///
    /// - Throws: `JSONTextError` with the byte offset, line and column of the problem; for a refused repeated name,
    ///   code `.duplicateMember` with the member's JSON pointer.
    public init(jsonText bytes: some Collection<UInt8>, duplicateMembers: DuplicateMembers) throws(JSONTextError) {
        let reject = duplicateMembers == .reject
        if let result = bytes.withContiguousStorageIfAvailable({
            JSONTextParser.result(of: $0, rejectingDuplicates: reject)
        }) {
            self = try result.get()
        } else {
            self = try Array(bytes).withUnsafeBufferPointer {
                JSONTextParser.result(of: $0, rejectingDuplicates: reject)
            }.get()
        }
    }
}

/// Appends JSON text to a byte array.
struct JSONTextWriter {
    var bytes: [UInt8]

    mutating func write(_ value: JSONValue, depth: Int) throws(JSONTextError) {
        switch value {
        case .null: append("null")
        case .bool(let flag): append(flag ? "true" : "false")
        case .int(let integer): writeInteger(integer)
        case .double(let number): try writeDouble(number)
        case .string(let string): writeString(string)
        case .array(let elements): try writeArray(elements, depth: depth)
        case .object(let members): try writeObject(members, depth: depth)
        }
    }

    // Arrays and objects are written outside `write`, so that the frames of deep nesting stay small.

    @inline(never)
    private mutating func writeArray(_ elements: [JSONValue], depth: Int) throws(JSONTextError) {
        guard depth + 1 < JSONValue.jsonTextMaximumDepth else { throw Self.tooDeep() }
        bytes.append(UInt8(ascii: "["))
        for (index, element) in elements.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            do { try write(element, depth: depth + 1) } catch { throw error.inside(String(index)) }
        }
        bytes.append(UInt8(ascii: "]"))
    }

    @inline(never)
    private mutating func writeObject(_ members: [String: JSONValue], depth: Int) throws(JSONTextError) {
        guard depth + 1 < JSONValue.jsonTextMaximumDepth else { throw Self.tooDeep() }
        bytes.append(UInt8(ascii: "{"))
        if members.count == 1, let (key, member) = members.first {
            try writeMember(key, member, depth: depth, first: true)
        } else if members.count > 1 {
            for (position, index) in Self.sortedIndices(members).enumerated() {
                let (key, member) = members[index]
                try writeMember(key, member, depth: depth, first: position == 0)
            }
        }
        bytes.append(UInt8(ascii: "}"))
    }

    private mutating func writeMember(_ key: String, _ value: JSONValue, depth: Int, first: Bool)
        throws(JSONTextError)
    {
        if !first { bytes.append(UInt8(ascii: ",")) }
        writeString(key)
        bytes.append(UInt8(ascii: ":"))
        do { try write(value, depth: depth + 1) } catch { throw error.inside(key) }
    }

    private static func tooDeep() -> JSONTextError {
        .writing(
            .tooDeep,
            "arrays and objects nested \(JSONValue.jsonTextMaximumDepth) deep cannot be written "
                + "(at most \(JSONValue.jsonTextMaximumDepth - 1) levels)")
    }

    /// The members in the order of `.sortedKeys`: by the UTF-8 bytes of their keys. Sorted by the keys' first
    /// eight bytes, then, between equal prefixes, by the whole keys.
    static func sortedIndices(_ members: [String: JSONValue]) -> [Dictionary<String, JSONValue>.Index] {
        var order = members.indices.map { index in
            (
                prefix: withUTF8(of: members[index].key) { utf8 in
                    var prefix: UInt64 = 0
                    for offset in 0..<8 { prefix = prefix << 8 | UInt64(offset < utf8.count ? utf8[offset] : 0) }
                    return prefix
                }, index: index
            )
        }
        order.sort { left, right in
            left.prefix != right.prefix
                ? left.prefix < right.prefix : utf8Precedes(members[left.index].key, members[right.index].key)
        }
        return order.map(\.index)
    }

    /// Whether `left` comes before `right` in the order of the bytes of their UTF-8.
    static func utf8Precedes(_ left: String, _ right: String) -> Bool {
        withUTF8(of: left) { l in
            withUTF8(of: right) { r in
                let common = min(l.count, r.count)
                var index = 0
                while index < common {
                    if l[index] != r[index] { return l[index] < r[index] }
                    index += 1
                }
                return l.count < r.count
            }
        }
    }

    /// `body` over the UTF-8 of `string`, without a copy when the string is native (always, on Linux).
    static func withUTF8<Result>(of string: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = string.utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = string
        return copy.withUTF8(body)
    }

    private mutating func append(_ literal: StaticString) {
        literal.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    private mutating func writeInteger(_ integer: Int64) {
        if integer < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = integer.magnitude
        let start = bytes.count
        repeat {
            bytes.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        bytes[start...].reverse()
    }

    private mutating func writeDouble(_ number: Double) throws(JSONTextError) {
        guard number.isFinite else {
            throw .writing(.notFinite, "the number \(number) has no JSON form (JSON numbers are finite)")
        }
        var text = number.description
        text.withUTF8 { utf8 in
            let keep = utf8.count >= 2 && utf8[utf8.count - 2] == UInt8(ascii: ".") && utf8[utf8.count - 1] == 0x30
            bytes.append(contentsOf: keep ? UnsafeBufferPointer(rebasing: utf8.dropLast(2)) : utf8)
        }
    }

    private mutating func writeString(_ string: String) {
        bytes.append(UInt8(ascii: "\""))
        Self.withUTF8(of: string) { utf8 in
            var runStart = 0
            for index in utf8.indices {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                if runStart < index { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index])) }
                runStart = index + 1
                bytes.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
                case 0x08: bytes.append(UInt8(ascii: "b"))
                case 0x0C: bytes.append(UInt8(ascii: "f"))
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                default:
                    let hex: StaticString = "0123456789abcdef"
                    bytes.append(contentsOf: [UInt8(ascii: "u"), 0x30, 0x30])
                    bytes.append(hex.utf8Start[Int(byte >> 4)])
                    bytes.append(hex.utf8Start[Int(byte & 0xF)])
                }
            }
            if runStart < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
