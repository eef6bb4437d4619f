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
