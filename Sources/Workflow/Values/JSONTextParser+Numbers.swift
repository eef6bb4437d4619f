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
