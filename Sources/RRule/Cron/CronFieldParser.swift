/// What one field of a cron expression allows, as bit sets (bit `v` set when value `v` is allowed).
struct ParsedCronField: Hashable, Sendable {
    /// Plain values; in day-of-week, Sunday is 0 (7 is folded into 0).
    var values: UInt64 = 0
    /// The field starts with `*` or `?`, which decides the day rule.
    var star = false
    /// Day-of-month `L-k` entries: bit k (`L` is bit 0).
    var lastDayOffsets: UInt64 = 0
    /// Day-of-month `LW`.
    var lastWeekdayOfMonth = false
    /// Day-of-month `nW` entries: bit n.
    var nearestWeekdays: UInt64 = 0
    /// Day-of-week `n#k` entries: bit `n * 8 + k`.
    var nthWeekdays: UInt64 = 0
    /// Day-of-week `nL` entries: bit n.
    var lastWeekdays: UInt64 = 0
}

/// Parses one field of a cron expression into bit sets, with errors that name the entry at fault.
///
/// Ranges whose start is after their end wrap around (`FRI-MON` is Friday, Saturday, Sunday, Monday; `22-2` is
/// 22, 23, 0, 1, 2), as croniter accepts them; a step counts positions along the wrapped sequence.
enum CronFieldParser {
    static let monthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
    static let dayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]

    static func parse(_ text: Substring, field: CronField) throws(CronError) -> ParsedCronField {
        let entries = text.split(separator: ",", omittingEmptySubsequences: false)
        guard entries.count <= CronError.maximumListLength else {
            throw CronError(
                code: "cron.listTooLong", field: field, text: String(text),
                message: "\(field) has \(entries.count) list entries: expected at most \(CronError.maximumListLength)")
        }
        var result = ParsedCronField()
        result.star = text.hasPrefix("*") || text.hasPrefix("?")
        for entry in entries {
            try parseEntry(String(entry), field: field, into: &result)
        }
        return result
    }

    private static func parseEntry(_ entry: String, field: CronField, into result: inout ParsedCronField)
        throws(CronError)
    {
        guard !entry.isEmpty else { throw CronError.syntax(field, entry, "is empty") }
        let upper = entry.uppercased()
        if field == .dayOfMonth, try parseDayOfMonthSpecial(upper, entry: entry, into: &result) { return }
        if field == .dayOfWeek, try parseDayOfWeekSpecial(upper, entry: entry, into: &result) { return }
        if upper == "?" {
            guard field == .dayOfMonth || field == .dayOfWeek else {
                throw CronError.syntax(field, entry, "uses '?', which only day-of-month and day-of-week accept")
            }
            result.values |= bits(from: field.minimum, through: field.cycleMaximum)
            return
        }
        let parts = entry.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        let base = parts[0]
        var step = 1
        if parts.count == 2 {
            let span = field.cycleMaximum - field.minimum + 1
            guard let parsed = number(parts[1]) else {
                throw CronError(
                    code: "cron.step", field: field, text: entry,
                    message: "\(field) step in '\(entry)' is not a number: expected 1–\(span)")
            }
            guard (1...span).contains(parsed) else {
                throw CronError(
                    code: "cron.step", field: field, text: entry,
                    message: "\(field) step \(parsed) in '\(entry)' is out of range: expected 1–\(span)")
            }
            step = parsed
        }
        if base == "*" {
            result.values |= sequence(from: field.minimum, through: field.cycleMaximum, step: step, field: field)
            return
        }
        let ends = base.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        var start = try value(ends[0], field: field, entry: entry)
        var end: Int
        if ends.count == 2 {
            end = try value(ends[1], field: field, entry: entry)
        } else if parts.count == 2 {
            end = field.cycleMaximum
        } else {
            end = start
        }
        if field == .dayOfWeek, start == 7 {
            // 7-2 reads as Sunday through Tuesday, and 7-7 as Sunday.
            start = 0
            if end == 7 { end = 0 }
        }
        if start <= end {
            result.values |= sequence(from: start, through: end, step: step, field: field)
        } else {
            result.values |= wrappedSequence(from: start, through: end, step: step, field: field)
        }
    }

    /// `L`, `L-n`, `LW` and `nW`; returns false when the entry is none of them.
    private static func parseDayOfMonthSpecial(_ upper: String, entry: String, into result: inout ParsedCronField)
        throws(CronError) -> Bool
    {
        if upper == "L" {
            result.lastDayOffsets |= 1
        } else if upper == "LW" {
            result.lastWeekdayOfMonth = true
        } else if upper.hasPrefix("L-") {
            let digits = upper.dropFirst(2)
            guard let offset = number(digits) else {
                throw CronError.syntax(.dayOfMonth, entry, "has no number of days after 'L-'")
            }
            guard offset <= 30 else {
                throw CronError.outOfRange(.dayOfMonth, entry, value: offset, lower: 0, upper: 30, what: "offset")
            }
            result.lastDayOffsets |= 1 << UInt64(offset)
        } else if upper.hasSuffix("W"), upper.count > 1 {
            guard let day = number(upper.dropLast()) else {
                throw CronError.syntax(.dayOfMonth, entry, "needs one day number before 'W'")
            }
            guard (1...31).contains(day) else {
                throw CronError.outOfRange(.dayOfMonth, entry, value: day, lower: 1, upper: 31)
            }
            result.nearestWeekdays |= 1 << UInt64(day)
        } else {
            return false
        }
        return true
    }

    /// `nL`, `NAMEL` and `n#k`; returns false when the entry is none of them.
    private static func parseDayOfWeekSpecial(_ upper: String, entry: String, into result: inout ParsedCronField)
        throws(CronError) -> Bool
    {
        if let hash = entry.firstIndex(of: "#") {
            let day = try value(entry[..<hash], field: .dayOfWeek, entry: entry) % 7
            guard let nth = number(entry[entry.index(after: hash)...]) else {
                throw CronError.syntax(.dayOfWeek, entry, "needs a number 1–5 after '#'")
            }
            guard (1...5).contains(nth) else {
                throw CronError.outOfRange(.dayOfWeek, entry, value: nth, lower: 1, upper: 5, what: "occurrence")
            }
            result.nthWeekdays |= 1 << UInt64(day * 8 + nth)
            return true
        }
        guard upper.hasSuffix("L") else { return false }
        guard upper.count > 1 else {
            throw CronError.syntax(
                .dayOfWeek, entry, "needs a day before 'L' (for example 5L or FRIL, the last Friday of the month)")
        }
        let day = try value(entry.dropLast(), field: .dayOfWeek, entry: entry) % 7
        result.lastWeekdays |= 1 << UInt64(day)
        return true
    }

    /// A number or (in month and day-of-week) a three-letter name, checked against the field's range.
    private static func value(_ text: Substring, field: CronField, entry: String) throws(CronError) -> Int {
        if let number = number(text) {
            guard (field.minimum...field.maximum).contains(number) else {
                throw CronError.outOfRange(field, entry, value: number, lower: field.minimum, upper: field.maximum)
            }
            return number
        }
        if field == .month, let index = monthNames.firstIndex(of: text.uppercased()) { return index + 1 }
        if field == .dayOfWeek, let index = dayNames.firstIndex(of: text.uppercased()) { return index }
        if text.isEmpty { throw CronError.syntax(field, entry, "has a range or step with a missing value") }
        if text.allSatisfy({ $0.isASCII && $0.isNumber }) {
            // Too many digits to be any field's value.
            throw CronError(
                code: "cron.outOfRange", field: field, text: entry,
                message: "\(field) value \(text) is out of range: expected \(field.minimum)–\(field.maximum)")
        }
        throw CronError.syntax(field, entry, "has '\(text)', which is not a number or name")
    }

    /// A non-negative decimal number of at most nine ASCII digits.
    private static func number(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.count <= 9, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(text)
    }

    static func bits(from start: Int, through end: Int) -> UInt64 {
        guard start <= end else { return 0 }
        let high: UInt64 = end >= 63 ? ~0 : (1 << UInt64(end + 1)) - 1
        return high & ~((1 << UInt64(start)) - 1)
    }

    /// `start, start + step, …` up to `end`, with day-of-week 7 folded into 0.
    private static func sequence(from start: Int, through end: Int, step: Int, field: CronField) -> UInt64 {
        var result: UInt64 = 0
        for value in stride(from: start, through: end, by: step) {
            result |= 1 << UInt64(field == .dayOfWeek ? value % 7 : value)
        }
        return result
    }

    /// `start` up to the field's cycle end, then on from its minimum up to `end`, stepping along that sequence.
    private static func wrappedSequence(from start: Int, through end: Int, step: Int, field: CronField) -> UInt64 {
        let top = field.cycleMaximum
        let length = (top - start + 1) + (end - field.minimum + 1)
        var result: UInt64 = 0
        for position in stride(from: 0, to: length, by: step) {
            let value = start + position <= top ? start + position : field.minimum + position - (top - start + 1)
            result |= 1 << UInt64(value)
        }
        return result
    }
}
