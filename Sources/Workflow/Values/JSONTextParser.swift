/// Reads JSON text (RFC 8259) into `JSONValue`, accepting what `JSONDecoder().decode(JSONValue.self, from:)`
/// accepts and giving the same value (the rules are listed on `JSONValue.init(jsonText:)`): recursive descent
/// over the UTF-8 bytes, with Foundation's quirks (trailing commas, repeated names, its `Int64` decoding).
struct JSONTextParser {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    /// The decoded bytes of a string with escapes.
    var scratch: [UInt8] = []
    /// The members read so far of the objects being read, innermost last.
    var pending: [(key: String, value: JSONValue)] = []

    static func result(of input: UnsafeBufferPointer<UInt8>) -> Result<JSONValue, JSONTextError> {
        Result { () throws(JSONTextError) in
            let (unitSize, bigEndian, byteOrderMark) = JSONTextParser.encoding(of: input)
            let text = UnsafeBufferPointer(rebasing: input[byteOrderMark...])
            if unitSize == 1 {
                var parser = JSONTextParser(bytes: text)
                return try parser.document()
            }
            guard let utf8 = transcode(text, unitSize: unitSize, bigEndian: bigEndian) else {
                throw .reading(.invalidEncoding, "the text is not valid UTF-\(unitSize * 8)", at: byteOrderMark)
            }
            return try utf8.withUnsafeBufferPointer { buffer throws(JSONTextError) in
                var parser = JSONTextParser(bytes: buffer)
                return try parser.document()
            }
        }
    }

    mutating func document() throws(JSONTextError) -> JSONValue {
        let result = try value(depth: 0)
        skipWhitespace()
        guard index == bytes.count else { throw unexpected("after the top-level value, where the text should end") }
        return result
    }

    // MARK: Structure

    mutating func value(depth: Int) throws(JSONTextError) -> JSONValue {
        switch try next("a value") {
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw unexpected("where a value (object, array, string, number, true, false or null) was expected")
        }
    }

    private mutating func array(depth: Int) throws(JSONTextError) -> JSONValue {
        try enter(depth)
        var elements: [JSONValue] = []
        if try next("an array element or ']'") == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            elements.append(try value(depth: depth + 1))
            if try endOfContainer(UInt8(ascii: "]"), in: "an array") { return .array(elements) }
        }
    }

    private mutating func object(depth: Int) throws(JSONTextError) -> JSONValue {
        try enter(depth)
        if try next("a member name or '}'") == UInt8(ascii: "}") {
            index += 1
            return .object([:])
        }
        let first = pending.count
        while true {
            guard try next("a member name") == UInt8(ascii: "\"") else {
                throw unexpected("in an object, where a member name (a string) was expected")
            }
            let key = try string()
            guard try next("':'") == UInt8(ascii: ":") else {
                throw unexpected("after a member name, where ':' was expected")
            }
            index += 1
            let valueStart = index
            let pendingCount = pending.count
            do {
                let member = try value(depth: depth + 1)
                pending.append((key, member))
                if try endOfContainer(UInt8(ascii: "}"), in: "an object") { break }
            } catch {
                // Foundation never decodes the value of a repeated name, so only its structure has to be valid.
                pending.removeLast(pending.count - pendingCount)
                guard pending[first...].contains(where: { $0.key == key }) else { throw error }
                index = valueStart
                try skipValue(depth: depth + 1)
                if try endOfContainer(UInt8(ascii: "}"), in: "an object") { break }
            }
        }
        var members = [String: JSONValue](minimumCapacity: pending.count - first)
        for position in first..<pending.count {
            Self.keepFirst(&members[pending[position].key], pending[position].value)
        }
        pending.removeLast(pending.count - first)
        return .object(members)
    }

    /// Stores `value` in an empty slot, the first value of a repeated name winning (one hash lookup for both).
    private static func keepFirst(_ slot: inout JSONValue?, _ value: JSONValue) {
        if slot == nil { slot = value }
    }

    /// Consumes `,` or the closing byte after an element (and a closing byte after a trailing comma).
    private mutating func endOfContainer(_ close: UInt8, in container: StaticString) throws(JSONTextError) -> Bool {
        let expected = close == UInt8(ascii: "]") ? "',' or ']'" : "',' or '}'"
        switch try next(expected) {
        case UInt8(ascii: ","):
            index += 1
            guard try next("a value") == close else { return false }
            index += 1
            return true
        case close:
            index += 1
            return true
        default:
            throw unexpected("in \(container), where \(expected) was expected")
        }
    }

    private mutating func enter(_ depth: Int) throws(JSONTextError) {
        guard depth < JSONValue.jsonTextMaximumDepth else {
            throw .reading(
                .tooDeep, "arrays and objects nest more than \(JSONValue.jsonTextMaximumDepth) deep",
                at: index)
        }
        index += 1
    }

    /// The structure-only reading Foundation gives a value it never decodes: strings may hold anything but an
    /// unescaped quote (and `\u` needs four more bytes), numbers are any run of `0-9 . + - e E`.
    private mutating func skipValue(depth: Int) throws(JSONTextError) {
        switch try next("a value") {
        case UInt8(ascii: "\""): try skipString()
        case let open where open == UInt8(ascii: "[") || open == UInt8(ascii: "{"):
            let isObject = open == UInt8(ascii: "{")
            try enter(depth)
            if try next("a value") == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                index += 1
                return
            }
            repeat {
                if isObject {
                    guard try next("a member name") == UInt8(ascii: "\"") else {
                        throw unexpected("in an object, where a member name (a string) was expected")
                    }
                    try skipString()
                    guard try next("':'") == UInt8(ascii: ":") else {
                        throw unexpected("after a member name, where ':' was expected")
                    }
                    index += 1
                }
                try skipValue(depth: depth + 1)
            } while try !endOfContainer(
                isObject ? UInt8(ascii: "}") : UInt8(ascii: "]"),
                in: isObject ? "an object" : "an array")
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            index += 1
            while index < bytes.count, Self.isNumberByte(bytes[index]) { index += 1 }
        default: throw unexpected("where a value (object, array, string, number, true, false or null) was expected")
        }
    }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "+"), UInt8(ascii: "-"),
            UInt8(ascii: "e"), UInt8(ascii: "E"):
            true
        default: false
        }
    }

    private mutating func skipString() throws(JSONTextError) {
        index += 1
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\""):
                index += 1
                return
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { break }
                if bytes[index] == UInt8(ascii: "u") {
                    guard bytes.count - index > 4 else { index = bytes.count; break }
                    for offset in 1...4 where bytes[index + offset] == UInt8(ascii: "\"") {
                        throw .reading(.invalidString, "a \\u escape needs four hex digits", at: index + offset)
                    }
                    index += 4
                }
                index += 1
            default:
                index += 1
            }
        }
        throw .reading(.unexpectedEnd, "the text ends inside a string", at: bytes.count)
    }

    // MARK: Tokens

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    /// The next byte after whitespace, not consumed.
    mutating func next(_ expected: @autoclosure () -> String) throws(JSONTextError) -> UInt8 {
        skipWhitespace()
        guard index < bytes.count else {
            throw .reading(.unexpectedEnd, "the text ends where \(expected()) was expected", at: index)
        }
        return bytes[index]
    }

    private mutating func literal(_ word: StaticString) throws(JSONTextError) {
        for offset in 0..<word.utf8CodeUnitCount {
            guard index + offset < bytes.count else {
                throw .reading(.unexpectedEnd, "the text ends inside '\(word)'", at: bytes.count)
            }
            guard bytes[index + offset] == word.utf8Start[offset] else {
                index += offset
                throw unexpected("in '\(word)'")
            }
        }
        index += word.utf8CodeUnitCount
    }

    /// An error about the byte at `index`.
    func unexpected(_ context: String) -> JSONTextError {
        let byte = bytes[index]
        let shown = (0x21...0x7E).contains(byte) ? "character '\(Character(Unicode.Scalar(byte)))'" : "byte \(byte)"
        return .reading(.unexpectedCharacter, "unexpected \(shown) \(context)", at: index)
    }
}

// MARK: Strings

extension JSONTextParser {
    /// A string starting at the quote at `index`.
    mutating func string() throws(JSONTextError) -> String {
        let start = index + 1
        var cursor = start
        var isASCII = true
        while cursor < bytes.count {
            let byte = bytes[cursor]
            if byte == UInt8(ascii: "\"") {
                index = cursor + 1
                let raw = UnsafeBufferPointer(rebasing: bytes[start..<cursor])
                if isASCII { return String(decoding: raw, as: UTF8.self) }
                guard let text = String(validating: raw, as: UTF8.self) else { throw invalidUTF8(from: start) }
                return text
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            if byte >= 0x80 { isASCII = false }
            cursor += 1
        }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<cursor]))
        index = cursor
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                guard let text = String(validating: scratch, as: UTF8.self) else { throw invalidUTF8(from: start) }
                return text
            case UInt8(ascii: "\\"):
                try escape()
            case 0..<0x20:
                throw .reading(
                    .invalidString, "control character U+00\(Self.hex(byte)) must be escaped in a string",
                    at: index)
            default:
                scratch.append(byte)
                index += 1
            }
        }
        throw .reading(.unexpectedEnd, "the text ends inside a string", at: bytes.count)
    }

    /// Decodes the escape at `index` into `scratch`.
    private mutating func escape() throws(JSONTextError) {
        guard index + 1 < bytes.count else {
            throw .reading(.unexpectedEnd, "the text ends inside a string", at: bytes.count)
        }
        let decoded: UInt8
        switch bytes[index + 1] {
        case UInt8(ascii: "\""): decoded = UInt8(ascii: "\"")
        case UInt8(ascii: "\\"): decoded = UInt8(ascii: "\\")
        case UInt8(ascii: "/"): decoded = UInt8(ascii: "/")
        case UInt8(ascii: "b"): decoded = 0x08
        case UInt8(ascii: "f"): decoded = 0x0C
        case UInt8(ascii: "n"): decoded = 0x0A
        case UInt8(ascii: "r"): decoded = 0x0D
        case UInt8(ascii: "t"): decoded = 0x09
        case UInt8(ascii: "u"):
            let escapeStart = index
            let unit = try hexUnit(at: index + 2)
            index += 6
            var scalar = Unicode.Scalar(unit)
            if UTF16.isLeadSurrogate(unit) {
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                    bytes[index + 1] == UInt8(ascii: "u"),
                    case let trail = try hexUnit(at: index + 2), UTF16.isTrailSurrogate(trail)
                else {
                    throw .reading(
                        .invalidString, "a high surrogate \\u escape must be followed by a low one",
                        at: escapeStart)
                }
                index += 6
                scalar = Unicode.Scalar(0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(trail) - 0xDC00))
            }
            guard let scalar else {
                throw .reading(.invalidString, "a low surrogate \\u escape must follow a high one", at: escapeStart)
            }
            UTF8.encode(scalar) { scratch.append($0) }
            return
        default:
            throw .reading(
                .invalidString, "invalid escape; accepted are \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX",
                at: index)
        }
        scratch.append(decoded)
        index += 2
    }

    private func hexUnit(at offset: Int) throws(JSONTextError) -> UInt16 {
        var unit: UInt16 = 0
        for position in offset..<offset + 4 {
            guard position < bytes.count else {
                throw .reading(.unexpectedEnd, "the text ends inside a \\u escape", at: bytes.count)
            }
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw .reading(.invalidString, "a \\u escape needs four hex digits", at: position)
            }
            unit = unit << 4 | UInt16(digit)
        }
        return unit
    }

    /// The error for a string from `start` that is not valid UTF-8, at the first bad byte.
    private func invalidUTF8(from start: Int) -> JSONTextError {
        var position = start
        var parser = UTF8.ForwardParser()
        while position < bytes.count, bytes[position] != UInt8(ascii: "\"") {
            if bytes[position] == UInt8(ascii: "\\") {
                position += bytes[position + 1] == UInt8(ascii: "u") ? 6 : 2
                continue
            }
            var end = position
            while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\") { end += 1 }
            var iterator = UnsafeBufferPointer(rebasing: bytes[position..<end]).makeIterator()
            while case .valid(let scalar) = parser.parseScalar(from: &iterator) { position += scalar.count }
            if position < end { break }
        }
        return .reading(.invalidString, "a string is not valid UTF-8", at: position)
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }
}

// MARK: Encodings

extension JSONTextParser {
    /// The encoding `JSONDecoder` infers from the first four bytes (RFC 4627 §3): its code unit size, byte order,
    /// and byte-order mark length. `FE FF 00 00` counts as UTF-32LE, as it does there.
    static func encoding(of b: UnsafeBufferPointer<UInt8>) -> (unitSize: Int, bigEndian: Bool, byteOrderMark: Int) {
        func at(_ offset: Int) -> UInt8? { offset < b.count ? b[offset] : nil }
        switch (at(0), at(1), at(2), at(3)) {
        case (0, 0, 0xFE, 0xFF): return (4, true, 4)
        case (0xFE, 0xFF, 0, 0): return (4, false, 4)
        case (0xFE, 0xFF, _, _): return (2, true, 2)
        case (0xFF, 0xFE, _, _): return (2, false, 2)
        case (0xEF, 0xBB, 0xBF, _): return (1, false, 3)
        case (0, 0, 0, let d?) where d != 0: return (4, true, 0)
        case (0, let b?, 0, let d?) where b != 0 && d != 0: return (2, true, 0)
        case (let a?, 0, 0, 0) where a != 0: return (4, false, 0)
        case (let a?, 0, let c?, 0) where a != 0 && c != 0: return (2, false, 0)
        case (0, let b?, nil, nil) where b != 0: return (2, true, 0)
        case (let a?, 0, nil, nil) where a != 0: return (2, false, 0)
        default: return (1, false, 0)
        }
    }

    /// UTF-16 or UTF-32 as UTF-8, or nil if invalid. Bytes past the last whole code unit are ignored.
    static func transcode(_ input: UnsafeBufferPointer<UInt8>, unitSize: Int, bigEndian: Bool) -> [UInt8]? {
        func unit(_ number: Int) -> UInt32 {
            var value: UInt32 = 0
            for offset in 0..<unitSize {
                let byte = UInt32(input[number * unitSize + (bigEndian ? offset : unitSize - 1 - offset)])
                value = value << 8 | byte
            }
            return value
        }
        let units = (0..<input.count / unitSize).lazy.map(unit)
        var utf8: [UInt8] = []
        utf8.reserveCapacity(input.count)
        if unitSize == 4 {
            for value in units {
                guard let scalar = Unicode.Scalar(value) else { return nil }
                UTF8.encode(scalar) { utf8.append($0) }
            }
            return utf8
        }
        var iterator = units.map { UInt16(truncatingIfNeeded: $0) }.makeIterator()
        var decoder = UTF16()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): UTF8.encode(scalar) { utf8.append($0) }
            case .emptyInput: return utf8
            case .error: return nil
            }
        }
    }
}

// MARK: Numbers

extension JSONTextParser {
    /// A number (RFC 8259 grammar) starting at `index`, as `JSONValue.init(from:)` would decode it.
    mutating func number() throws(JSONTextError) -> JSONValue {
        let start = index
        let negative = bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        var significand: UInt64 = 0
        var significandIsExact = true
        func accumulate(_ byte: UInt8) {
            if significand <= (UInt64.max - 9) / 10 {
                significand = significand * 10 + UInt64(byte - UInt8(ascii: "0"))
            } else {
                significandIsExact = false
            }
        }
        if try digit(after: "'-'") == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, Self.isDigit(bytes[index]) {
                throw .reading(.invalidNumber, "a number cannot start with 0 followed by digits", at: start)
            }
        } else {
            while index < bytes.count, Self.isDigit(bytes[index]) { accumulate(bytes[index]); index += 1 }
        }
        var isInteger = true
        var exponent = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            _ = try digit(after: "'.'")
            while index < bytes.count, Self.isDigit(bytes[index]) {
                accumulate(bytes[index]); exponent -= 1; index += 1
            }
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            index += 1
            let exponentIsNegative = index < bytes.count && bytes[index] == UInt8(ascii: "-")
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                index += 1
            }
            _ = try digit(after: "the exponent mark")
            var written = 0
            while index < bytes.count, Self.isDigit(bytes[index]) {
                if written < 1_000_000 { written = written * 10 + Int(bytes[index] - UInt8(ascii: "0")) }
                index += 1
            }
            exponent += exponentIsNegative ? -written : written
        }
        if isInteger, significandIsExact, significand <= UInt64(Int64.max) + (negative ? 1 : 0) {
            return .int(negative ? Int64(truncatingIfNeeded: 0 &- significand) : Int64(significand))
        }
        let token = UnsafeBufferPointer(rebasing: bytes[start..<index])
        var double: Double
        if significandIsExact, significand <= 1 << 53, (-22...22).contains(exponent) {
            // Both operands are exact, so the one rounding gives the correctly rounded result, as strtod does.
            double = Double(significand)
            double = exponent < 0 ? double / Self.powersOfTen[-exponent] : double * Self.powersOfTen[exponent]
            if negative { double = -double }
        } else {
            double = Double(String(decoding: token, as: UTF8.self)) ?? .nan
        }
        guard double.isFinite else {
            throw .reading(.invalidNumber, "the number is beyond the range of a double", at: start)
        }
        if let integer = Int64(exactly: double) {
            if double.magnitude < 0x1p53 { return .int(integer) }
            if let integer = Self.decimalInteger(token) { return .int(integer) }
        }
        return .double(double)
    }

    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22,
    ]

    private static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    /// The digit at `index`, which must be one; not consumed.
    private func digit(after what: String) throws(JSONTextError) -> UInt8 {
        guard index < bytes.count else {
            throw .reading(.unexpectedEnd, "the text ends inside a number, where a digit was expected", at: index)
        }
        guard Self.isDigit(bytes[index]) else {
            throw unexpected("in a number, where a digit after \(what) was expected")
        }
        return bytes[index]
    }

    /// What `JSONDecoder` makes of an integral number at or past 2^53 written with a fraction or an exponent: the
    /// text read as an `NSDecimal` (a 128-bit significand; later digits dropped, trailing zeros removed), then
    /// truncated towards zero to an integer. Nil where that gives no `Int64`, and where the decimal itself
    /// overflows (`JSONDecoder` traps there); the caller then keeps the double.
    static func decimalInteger(_ token: UnsafeBufferPointer<UInt8>) -> Int64? {
        var position = 0
        let negative = token[0] == UInt8(ascii: "-")
        if negative { position = 1 }
        var significand: UInt128 = 0
        var exponent = 0
        var isFull = false
        func appended(_ byte: UInt8) -> UInt128? {
            let (tenfold, overflow) = significand.multipliedReportingOverflow(by: 10)
            let (sum, carry) = tenfold.addingReportingOverflow(UInt128(byte - UInt8(ascii: "0")))
            return overflow || carry ? nil : sum
        }
        while position < token.count, isDigit(token[position]) {
            if !isFull, let next = appended(token[position]) {
                significand = next
            } else {
                isFull = true
                guard exponent < Int(Int8.max) else { return nil }
                exponent += 1
            }
            position += 1
        }
        if position < token.count, token[position] == UInt8(ascii: ".") {
            position += 1
            while position < token.count, isDigit(token[position]) {
                if !isFull, let next = appended(token[position]) {
                    significand = next
                    guard exponent > Int(Int8.min) else { return nil }
                    exponent -= 1
                } else {
                    isFull = true
                }
                position += 1
            }
        }
        if position < token.count {
            position += 1
            let exponentIsNegative = token[position] == UInt8(ascii: "-")
            if !isDigit(token[position]) { position += 1 }
            var written = 0
            while position < token.count {
                written = written * 10 + Int(token[position] - UInt8(ascii: "0"))
                guard written <= 2 * Int(Int8.max) else { return nil }
                position += 1
            }
            exponent += exponentIsNegative ? -written : written
            guard Int(Int8.min)...Int(Int8.max) ~= exponent else { return nil }
        }
        if significand != 0 {
            while significand % 10 == 0 { significand /= 10; exponent += 1 }
            while exponent > Int(Int8.max) { significand *= 10; exponent -= 1 }
        }
        guard var magnitude = UInt64(exactly: significand) else { return nil }
        for _ in 0..<max(-exponent, 0) { magnitude /= 10 }
        for _ in 0..<max(exponent, 0) {
            let (tenfold, overflow) = magnitude.multipliedReportingOverflow(by: 10)
            guard !overflow else { return nil }
            magnitude = tenfold
        }
        guard let integer = Int64(exactly: magnitude) else { return nil }
        return negative ? -integer : integer
    }
}
