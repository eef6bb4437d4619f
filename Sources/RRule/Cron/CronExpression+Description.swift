extension CronExpression {
    /// The canonical form: `CRON_TZ=Zone ` when the zone is not UTC, then five fields, or six when the seconds are
    /// not just 0; numbers rather than names; `*` or `*/n` where a field is one, runs of three or more as `a-b`.
    ///
    /// It parses back to an equal expression (given the same `dstPolicy`, which the text cannot carry), and equal
    /// expressions print the same: `@daily` prints `0 0 * * *`.
    public var description: String {
        var fields: [String] = []
        if seconds != 1 { fields.append(Self.render(seconds, .second)) }
        fields.append(Self.render(minutes, .minute))
        fields.append(Self.render(hours, .hour))
        fields.append(Self.renderDayOfMonth(dayRule.dayOfMonth))
        fields.append(Self.render(months, .month))
        fields.append(Self.renderDayOfWeek(dayRule.dayOfWeek))
        let text = fields.joined(separator: " ")
        return zone == .utc ? text : "CRON_TZ=\(zone.identifier) \(text)"
    }

    /// A field where a leading `*` means nothing more than the values it covers.
    private static func render(_ values: UInt64, _ field: CronField) -> String {
        // `*/n` only where it names three values or more: `0,59` reads better than `*/59`.
        for step in 1...(field.cycleMaximum - field.minimum) / 2 where values == pattern(step: step, field) {
            return step == 1 ? "*" : "*/\(step)"
        }
        return renderList(values, field).joined(separator: ",")
    }

    /// A day field, which keeps whether it starts with `*` because the day rule depends on it.
    private static func renderStarred(_ values: UInt64, star: Bool, _ field: CronField) -> [String] {
        guard star else { return renderList(values, field) }
        // A starred field always holds its minimum; the widest `*/n` it contains keeps the list short.
        let span = field.cycleMaximum - field.minimum + 1
        let step = (1...span).first { values & pattern(step: $0, field) == pattern(step: $0, field) } ?? span
        let rest = values & ~pattern(step: step, field)
        return [step == 1 ? "*" : "*/\(step)"] + renderList(rest, field)
    }

    private static func renderDayOfMonth(_ field: ParsedCronField) -> String {
        var entries = renderStarred(field.values, star: field.star, .dayOfMonth)
        for offset in setBits(field.lastDayOffsets) {
            entries.append(offset == 0 ? "L" : "L-\(offset)")
        }
        if field.lastWeekdayOfMonth { entries.append("LW") }
        for day in setBits(field.nearestWeekdays) {
            entries.append("\(day)W")
        }
        return entries.joined(separator: ",")
    }

    private static func renderDayOfWeek(_ field: ParsedCronField) -> String {
        var entries = renderStarred(field.values, star: field.star, .dayOfWeek)
        for day in setBits(field.lastWeekdays) {
            entries.append("\(day)L")
        }
        for bit in setBits(field.nthWeekdays) {
            entries.append("\(bit / 8)#\(bit % 8)")
        }
        return entries.joined(separator: ",")
    }

    /// The values as single numbers and `a-b` runs.
    private static func renderList(_ values: UInt64, _ field: CronField) -> [String] {
        var entries: [String] = []
        var value = field.minimum
        while value <= field.cycleMaximum {
            guard values & (1 << UInt64(value)) != 0 else {
                value += 1
                continue
            }
            var end = value
            while end + 1 <= field.cycleMaximum, values & (1 << UInt64(end + 1)) != 0 { end += 1 }
            if end - value >= 2 {
                entries.append("\(value)-\(end)")
            } else {
                entries.append(contentsOf: (value...end).map(String.init))
            }
            value = end + 1
        }
        return entries
    }

    /// The values `*/step` stands for.
    private static func pattern(step: Int, _ field: CronField) -> UInt64 {
        var result: UInt64 = 0
        for value in stride(from: field.minimum, through: field.cycleMaximum, by: step) {
            result |= 1 << UInt64(value)
        }
        return result
    }

    private static func setBits(_ bits: UInt64) -> [Int] {
        var bits = bits
        var result: [Int] = []
        while bits != 0 {
            result.append(bits.trailingZeroBitCount)
            bits &= bits - 1
        }
        return result
    }
}
