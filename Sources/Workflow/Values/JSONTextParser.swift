/// Reads JSON text (RFC 8259) into `JSONValue`, accepting what `JSONDecoder().decode(JSONValue.self, from:)`
/// accepts and giving the same value (the rules are listed on `JSONValue.init(jsonText:)`): recursive descent
/// over the UTF-8 bytes, with Foundation's quirks (trailing commas, repeated names, its `Int64` decoding).
struct JSONTextParser {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    /// The decoded bytes of a string with escapes.
    var scratch: [UInt8] = []
    /// The members read so far of the objects being read, innermost last, with the offset of each name.
    var pending: [(key: String, value: JSONValue, offset: Int)] = []
    /// Whether a repeated member name is an error rather than Foundation's first-wins.
    var rejectDuplicates = false

    static func result(of input: UnsafeBufferPointer<UInt8>, rejectingDuplicates: Bool = false)
        -> Result<JSONValue, JSONTextError>
    {
        Result { () throws(JSONTextError) in
            let (unitSize, bigEndian, byteOrderMark) = JSONTextParser.encoding(of: input)
            let text = UnsafeBufferPointer(rebasing: input[byteOrderMark...])
            if unitSize == 1 {
                var parser = JSONTextParser(bytes: text, rejectDuplicates: rejectingDuplicates)
                do throws(JSONTextError) { return try parser.document() } catch { throw error.located(in: text) }
            }
            guard let utf8 = transcode(text, unitSize: unitSize, bigEndian: bigEndian) else {
                throw .reading(.invalidEncoding, "the text is not valid UTF-\(unitSize * 8)", at: byteOrderMark)
            }
            return try utf8.withUnsafeBufferPointer { buffer throws(JSONTextError) in
                var parser = JSONTextParser(bytes: buffer, rejectDuplicates: rejectingDuplicates)
                do throws(JSONTextError) { return try parser.document() } catch { throw error.located(in: buffer) }
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
            do throws(JSONTextError) {
                elements.append(try value(depth: depth + 1))
            } catch {
                throw error.inside(String(elements.count))
            }
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
            let keyOffset = index
            let key = try string()
            guard try next("':'") == UInt8(ascii: ":") else {
                throw unexpected("after a member name, where ':' was expected")
            }
            index += 1
            let valueStart = index
            let pendingCount = pending.count
            do {
                let member = try value(depth: depth + 1)
                pending.append((key, member, keyOffset))
                if try endOfContainer(UInt8(ascii: "}"), in: "an object") { break }
            } catch {
                if error.pointer != nil { throw error.inside(key) }
                // Foundation never decodes the value of a repeated name, so only its structure has to be valid.
                pending.removeLast(pending.count - pendingCount)
                let repeated = pending[first...].contains(where: { $0.key == key })
                if repeated, rejectDuplicates { throw Self.duplicate(key, at: keyOffset) }
                guard repeated else { throw error }
                index = valueStart
                try skipValue(depth: depth + 1)
                if try endOfContainer(UInt8(ascii: "}"), in: "an object") { break }
            }
        }
        var members = [String: JSONValue](minimumCapacity: pending.count - first)
        for position in first..<pending.count {
            let isNew = Self.keepFirst(&members[pending[position].key], pending[position].value)
            if !isNew, rejectDuplicates {
                let (key, _, offset) = pending[position]
                pending.removeLast(pending.count - first)
                throw Self.duplicate(key, at: offset)
            }
        }
        pending.removeLast(pending.count - first)
        return .object(members)
    }

    /// Stores `value` in an empty slot, the first value of a repeated name winning (one hash lookup for both);
    /// whether the slot was empty.
    private static func keepFirst(_ slot: inout JSONValue?, _ value: JSONValue) -> Bool {
        guard slot == nil else { return false }
        slot = value
        return true
    }

    /// The error for the repeated member `key` whose name starts at `offset`: its pointer is completed on the way
    /// out by the containers around it.
    @inline(never)
    private static func duplicate(_ key: String, at offset: Int) -> JSONTextError {
        let escaped = key.replacing("~", with: "~0").replacing("/", with: "~1")
        return JSONTextError(
            code: .duplicateMember,
            reason: "the member name \"\(key)\" appears twice in one object; each name may appear once",
            offset: offset, pointer: "/" + escaped)
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
