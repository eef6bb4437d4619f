extension POSIXTimeZoneRule {
    /// Why a POSIX TZ string could not be read, with the byte offset where reading stopped.
    struct ParseError: Error, Hashable, Sendable, CustomStringConvertible {
        var text: String
        var position: Int
        var problem: String

        var description: String { "bad POSIX TZ string '\(text)' at offset \(position): \(problem)" }
    }

    /// Parses `std offset [dst [offset] [,start[/time],end[/time]]]` as extended by RFC 8536 §3.3.1.
    ///
    /// A daylight-saving name without a rule gets the US rule `M3.2.0,M11.1.0`, as glibc does.
    /// - Throws: `ParseError` for anything else, including trailing text.
    init(parsing text: String) throws(ParseError) {
        var scanner = Scanner(text: text)
        let standardName = try scanner.name()
        let standardOffset = try -scanner.signedDuration(maxHours: 24, what: "standard offset")
        var daylight: Daylight?
        if !scanner.atEnd {
            let daylightName = try scanner.name()
            var daylightOffset = standardOffset + 3600
            if let next = scanner.peek, next != UInt8(ascii: ",") {
                daylightOffset = try -scanner.signedDuration(maxHours: 24, what: "daylight offset")
            }
            let start: Transition
            let end: Transition
            if scanner.atEnd {
                start = Transition(day: .monthWeek(month: 3, week: 2, weekday: 0), time: 7200)
                end = Transition(day: .monthWeek(month: 11, week: 1, weekday: 0), time: 7200)
            } else {
                try scanner.expect(",")
                start = try scanner.transition()
                try scanner.expect(",")
                end = try scanner.transition()
            }
            daylight = Daylight(abbreviation: daylightName, offset: daylightOffset, start: start, end: end)
        }
        guard scanner.atEnd else { throw scanner.error("unexpected text after the rule") }
        self.init(standardAbbreviation: standardName, standardOffset: standardOffset, daylight: daylight)
    }
}

extension POSIXTimeZoneRule {
    /// A cursor over the ASCII bytes of a TZ string.
    fileprivate struct Scanner {
        let text: String
        let bytes: [UInt8]
        var position = 0

        init(text: String) {
            self.text = text
            self.bytes = Array(text.utf8)
        }

        var atEnd: Bool { position == bytes.count }
        var peek: UInt8? { atEnd ? nil : bytes[position] }

        func error(_ problem: String) -> ParseError {
            ParseError(text: text, position: position, problem: problem)
        }

        mutating func expect(_ character: Unicode.Scalar) throws(ParseError) {
            guard peek == UInt8(ascii: character) else { throw error("expected '\(character)'") }
            position += 1
        }

        /// An abbreviation: three or more letters, or `<…>` holding letters, digits, `+` and `-`.
        mutating func name() throws(ParseError) -> String {
            let start = position
            if peek == UInt8(ascii: "<") {
                position += 1
                while let byte = peek, byte.isLetterOrDigit || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") {
                    position += 1
                }
                let name = String(decoding: bytes[start + 1..<position], as: UTF8.self)
                try expect(">")
                guard name.utf8.count >= 3 else { throw error("a quoted abbreviation needs at least 3 characters") }
                return name
            }
            while let byte = peek, byte.isLetter { position += 1 }
            guard position - start >= 3 else { throw error("expected an abbreviation of at least 3 letters") }
            return String(decoding: bytes[start..<position], as: UTF8.self)
        }

        mutating func number(maxDigits: Int, what: String) throws(ParseError) -> Int {
            var value = 0
            var digits = 0
            while let byte = peek, byte.isDigit, digits < maxDigits {
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
                position += 1
            }
            guard digits > 0 else { throw error("expected a number for the \(what)") }
            return value
        }

        /// `[+-]hh[:mm[:ss]]` in seconds, hours up to `maxHours`.
        mutating func signedDuration(maxHours: Int, what: String) throws(ParseError) -> Int {
            var sign = 1
            if peek == UInt8(ascii: "+") {
                position += 1
            } else if peek == UInt8(ascii: "-") {
                sign = -1
                position += 1
            }
            let hours = try number(maxDigits: 3, what: what)
            guard hours <= maxHours else { throw error("the \(what) has more than \(maxHours) hours") }
            var seconds = hours * 3600
            for unit in [60, 1] {
                guard peek == UInt8(ascii: ":") else { break }
                position += 1
                let value = try number(maxDigits: 2, what: what)
                guard value < 60 else { throw error("minutes and seconds in the \(what) must be below 60") }
                seconds += value * unit
            }
            return sign * seconds
        }

        /// `Jn`, `n` or `Mm.w.d`, then an optional `/time`.
        mutating func transition() throws(ParseError) -> Transition {
            let day: Day
            switch peek {
            case UInt8(ascii: "J"):
                position += 1
                let number = try number(maxDigits: 3, what: "Julian day")
                guard (1...365).contains(number) else { throw error("a Jn day must be 1…365") }
                day = .julian(number)
            case UInt8(ascii: "M"):
                position += 1
                let month = try number(maxDigits: 2, what: "month")
                try expect(".")
                let week = try number(maxDigits: 1, what: "week")
                try expect(".")
                let weekday = try number(maxDigits: 1, what: "weekday")
                guard (1...12).contains(month), (1...5).contains(week), (0...6).contains(weekday) else {
                    throw error("Mm.w.d needs a month 1…12, a week 1…5 and a weekday 0…6")
                }
                day = .monthWeek(month: month, week: week, weekday: weekday)
            default:
                let number = try number(maxDigits: 3, what: "day")
                guard (0...365).contains(number) else { throw error("a zero-based day must be 0…365") }
                day = .zeroBased(number)
            }
            var time = 7200
            if peek == UInt8(ascii: "/") {
                position += 1
                time = try signedDuration(maxHours: 167, what: "transition time")
            }
            return Transition(day: day, time: time)
        }
    }
}

extension UInt8 {
    fileprivate var isDigit: Bool { self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9") }
    fileprivate var isLetter: Bool {
        (self >= UInt8(ascii: "a") && self <= UInt8(ascii: "z"))
            || (self >= UInt8(ascii: "A") && self <= UInt8(ascii: "Z"))
    }
    fileprivate var isLetterOrDigit: Bool { isDigit || isLetter }
}
