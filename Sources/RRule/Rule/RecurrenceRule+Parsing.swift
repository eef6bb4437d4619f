extension RecurrenceRule {
    /// Parses an RRULE value such as `FREQ=MONTHLY;BYDAY=-1FR;COUNT=12` (a leading `RRULE:` is accepted).
    ///
    /// Besides syntax and ranges, this enforces the RFC 5545 restrictions that make a rule meaningful: FREQ is
    /// required, COUNT and UNTIL exclude each other, BYWEEKNO only with YEARLY, BYYEARDAY not with DAILY, WEEKLY or
    /// MONTHLY, BYMONTHDAY not with WEEKLY, ordinal BYDAY only with MONTHLY or YEARLY (and not with BYWEEKNO),
    /// BYSETPOS only with another BYxxx part. Whether UNTIL's type matches DTSTART is checked by `RecurrenceSet`.
    /// - Throws: `RecurrenceError` naming the part at fault and what is accepted.
    public init(parsing text: String) throws(RecurrenceError) {
        var body = Substring(text)
        if body.count > RecurrenceLimits.maxTextLength {
            throw .tooLarge("RRULE", "RRULE is \(body.count) characters long; at most \(RecurrenceLimits.maxTextLength) are accepted")
        }
        if body.uppercased().hasPrefix("RRULE:") { body = body.dropFirst(6) }
        var seen = Set<String>()
        var frequency: Frequency?
        var rule = RecurrenceRule(frequency: .daily)
        var count: Int?
        var until: DateTimeValue?
        for item in body.split(separator: ";", omittingEmptySubsequences: true) {
            guard let equals = item.firstIndex(of: "=") else {
                throw .syntax("RRULE", "RRULE part '\(item)' has no '=': parts look like FREQ=DAILY and are separated by ';'")
            }
            let name = item[..<equals].trimmingSpaces().uppercased()
            let value = item[item.index(after: equals)...].trimmingSpaces()
            guard seen.insert(name).inserted else {
                throw .syntax(name, "RRULE part \(name) is given twice; each part may appear once")
            }
            guard !value.isEmpty else { throw .syntax(name, "RRULE part \(name) has no value") }
            switch name {
            case "FREQ":
                guard let parsed = Frequency(rawValue: value.uppercased()) else {
                    throw .syntax(name, "FREQ=\(value) is not a frequency: expected one of "
                        + Frequency.allCases.map(\.rawValue).joined(separator: ", "))
                }
                frequency = parsed
            case "INTERVAL":
                rule.interval = try Self.integer(value, part: name, in: 1...RecurrenceLimits.maxInterval)
            case "COUNT":
                count = try Self.integer(value, part: name, in: 1...RecurrenceLimits.maxCount)
            case "UNTIL":
                until = try DateTimeValue.parse(value[...], zone: nil, part: name)
            case "BYSECOND": rule.bySecond = try Self.list(value, part: name, in: 0...59)
            case "BYMINUTE": rule.byMinute = try Self.list(value, part: name, in: 0...59)
            case "BYHOUR": rule.byHour = try Self.list(value, part: name, in: 0...23)
            case "BYMONTHDAY": rule.byMonthDay = try Self.list(value, part: name, in: -31...31, signed: true)
            case "BYYEARDAY": rule.byYearDay = try Self.list(value, part: name, in: -366...366, signed: true)
            case "BYWEEKNO": rule.byWeekNo = try Self.list(value, part: name, in: -53...53, signed: true)
            case "BYMONTH": rule.byMonth = try Self.list(value, part: name, in: 1...12)
            case "BYSETPOS": rule.bySetPos = try Self.list(value, part: name, in: -366...366, signed: true)
            case "BYDAY": rule.byDay = try Self.weekdays(value)
            case "WKST":
                guard let weekday = Weekday(code: value) else {
                    throw .syntax(name, "WKST=\(value) is not a weekday: expected MO, TU, WE, TH, FR, SA or SU")
                }
                rule.weekStart = weekday
            default:
                throw .syntax(name, "unknown RRULE part '\(name)': expected FREQ, INTERVAL, COUNT, UNTIL, BYSECOND, "
                    + "BYMINUTE, BYHOUR, BYDAY, BYMONTHDAY, BYYEARDAY, BYWEEKNO, BYMONTH, BYSETPOS or WKST")
            }
        }
        guard let frequency else {
            throw .syntax("FREQ", "RRULE has no FREQ part: every rule needs one, e.g. FREQ=DAILY")
        }
        rule.frequency = frequency
        if let count, until != nil {
            throw .notAllowed("COUNT", "RRULE has both COUNT=\(count) and UNTIL: RFC 5545 allows one or the other")
        }
        if let count { rule.end = .count(count) } else if let until { rule.end = .until(until) }
        try rule.checkCombinations()
        self = rule
    }

    /// The RFC 5545 restrictions on which parts go with which frequency.
    private func checkCombinations() throws(RecurrenceError) {
        if !byWeekNo.isEmpty, frequency != .yearly {
            throw .notAllowed("BYWEEKNO", "BYWEEKNO is only valid with FREQ=YEARLY (RFC 5545 §3.3.10); this rule is FREQ=\(frequency.rawValue)")
        }
        if !byYearDay.isEmpty, [.daily, .weekly, .monthly].contains(frequency) {
            throw .notAllowed("BYYEARDAY", "BYYEARDAY is not valid with FREQ=\(frequency.rawValue) (RFC 5545 §3.3.10): use it with YEARLY, or with HOURLY, MINUTELY or SECONDLY as a limit")
        }
        if !byMonthDay.isEmpty, frequency == .weekly {
            throw .notAllowed("BYMONTHDAY", "BYMONTHDAY is not valid with FREQ=WEEKLY (RFC 5545 §3.3.10): use FREQ=MONTHLY or DAILY")
        }
        if let ordinal = byDay.first(where: { $0.ordinal != nil }) {
            if frequency != .monthly, frequency != .yearly {
                throw .notAllowed("BYDAY", "BYDAY=\(ordinal) has an ordinal, which is only valid with FREQ=MONTHLY or YEARLY (RFC 5545 §3.3.10); use BYDAY=\(ordinal.weekday.code) or change FREQ")
            }
            if frequency == .yearly, !byWeekNo.isEmpty {
                throw .notAllowed("BYDAY", "BYDAY=\(ordinal) has an ordinal, which is not valid together with BYWEEKNO (RFC 5545 §3.3.10)")
            }
            if frequency == .monthly, let bad = byDay.first(where: { abs($0.ordinal ?? 0) > 5 }) {
                throw .outOfRange("BYDAY", "BYDAY=\(bad) asks for a weekday that no month has: with FREQ=MONTHLY ordinals go from -5 to 5")
            }
        }
        if !bySetPos.isEmpty, bySecond.isEmpty, byMinute.isEmpty, byHour.isEmpty, byDay.isEmpty, byMonthDay.isEmpty,
            byYearDay.isEmpty, byWeekNo.isEmpty, byMonth.isEmpty
        {
            throw .notAllowed("BYSETPOS", "BYSETPOS selects among the occurrences of a period built by another BYxxx part (RFC 5545 §3.3.10), and this rule has none; add e.g. BYDAY")
        }
    }

    private static func integer(_ text: Substring, part: String, in range: ClosedRange<Int>) throws(RecurrenceError) -> Int {
        guard let value = Int(text) else {
            throw .syntax(part, "\(part)=\(text) is not a whole number: expected \(range.lowerBound) to \(range.upperBound)")
        }
        guard range.contains(value) else {
            throw .outOfRange(part, "\(part)=\(value) is out of range: expected \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    private static func list(_ text: Substring, part: String, in range: ClosedRange<Int>, signed: Bool = false)
        throws(RecurrenceError) -> [Int]
    {
        let items = text.split(separator: ",", omittingEmptySubsequences: false)
        guard items.count <= RecurrenceLimits.maxListLength else {
            throw .tooLarge(part, "\(part) lists \(items.count) values; at most \(RecurrenceLimits.maxListLength) are accepted")
        }
        var values = Set<Int>()
        let accepted = signed ? "\(range.lowerBound) to -1 or 1 to \(range.upperBound)" : "\(range.lowerBound) to \(range.upperBound)"
        for item in items {
            let trimmed = item.trimmingSpaces()
            guard let value = Int(trimmed.hasPrefix("+") ? trimmed.dropFirst() : trimmed) else {
                throw .syntax(part, "\(part) value '\(item)' is not a whole number: expected \(accepted), separated by commas")
            }
            guard range.contains(value), !(signed && value == 0) else {
                throw .outOfRange(part, "\(part) value \(value) is out of range: expected \(accepted)")
            }
            values.insert(value)
        }
        return values.sorted()
    }

    private static func weekdays(_ text: Substring) throws(RecurrenceError) -> [WeekdayNumber] {
        let items = text.split(separator: ",", omittingEmptySubsequences: false)
        guard items.count <= RecurrenceLimits.maxListLength else {
            throw .tooLarge("BYDAY", "BYDAY lists \(items.count) values; at most \(RecurrenceLimits.maxListLength) are accepted")
        }
        var result = Set<WeekdayNumber>()
        for item in items {
            let trimmed = item.trimmingSpaces()
            guard trimmed.count >= 2, let weekday = Weekday(code: trimmed.suffix(2)) else {
                throw .syntax("BYDAY", "BYDAY value '\(item)' is not a weekday: expected MO, TU, WE, TH, FR, SA or SU, optionally after an ordinal (1MO, -1FR)")
            }
            let prefix = trimmed.dropLast(2)
            if prefix.isEmpty {
                result.insert(WeekdayNumber(weekday))
                continue
            }
            guard let ordinal = Int(prefix.hasPrefix("+") ? prefix.dropFirst() : prefix) else {
                throw .syntax("BYDAY", "BYDAY value '\(item)' has an ordinal that is not a number: expected e.g. 2MO or -1FR")
            }
            guard (1...53).contains(abs(ordinal)) else {
                throw .outOfRange("BYDAY", "BYDAY value '\(item)' has ordinal \(ordinal): expected -53 to -1 or 1 to 53")
            }
            result.insert(WeekdayNumber(weekday, ordinal: ordinal))
        }
        // Canonical order: plain weekdays first, then by ordinal, then by weekday.
        return result.sorted {
            ($0.ordinal == nil ? 0 : 1, $0.ordinal ?? 0, $0.weekday) < ($1.ordinal == nil ? 0 : 1, $1.ordinal ?? 0, $1.weekday)
        }
    }
}

extension Substring {
    func trimmingSpaces() -> Substring {
        var result = self
        while let first = result.first, first == " " || first == "\t" { result = result.dropFirst() }
        while let last = result.last, last == " " || last == "\t" { result = result.dropLast() }
        return result
    }
}
