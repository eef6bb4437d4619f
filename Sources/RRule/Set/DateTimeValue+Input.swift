extension DateTimeValue {
    /// Parses a time as people type it on a command line or in a query string.
    ///
    /// Accepted: RFC 3339 (`2025-03-01T09:30:00Z`, `2025-03-01T09:30:00+01:00`, `2025-03-01T09:30:00`,
    /// `2025-03-01T09:30`, `2025-03-01`) and iCalendar (`20250301T093000Z`, `20250301T093000`, `20250301`).
    /// A time with `Z` or an offset names an instant (returned in UTC form); a time without either is a wall time
    /// in `zone` (floating when `zone` is `nil`).
    /// - Throws: `RecurrenceError` with code `rrule.syntax` and the accepted forms.
    public static func parseInput(_ text: String, zone: Zone?, part: String) throws(RecurrenceError) -> DateTimeValue {
        let trimmed = Substring(text).trimmingSpaces()
        let accepted = "expected RFC 3339 (2025-03-01T09:30:00Z, 2025-03-01T09:30:00+01:00, 2025-03-01T09:30:00, 2025-03-01) or iCalendar (20250301T093000Z, 20250301)"
        if !trimmed.contains("-") || trimmed.firstIndex(of: "-").map({ trimmed.distance(from: trimmed.startIndex, to: $0) != 4 }) == true {
            let value = try parse(trimmed, zone: zone == .utc ? nil : zone, part: part)
            if zone == .utc, value.form == .floating { return DateTimeValue(local: value.local, form: .utc) }
            return value
        }
        // RFC 3339: date, optional time (seconds optional, fraction ignored), optional Z or ±hh:mm.
        var body = trimmed
        var offset: Int?
        if body.last == "Z" || body.last == "z" {
            offset = 0
            body = body.dropLast()
        } else if body.count > 10, let signIndex = body.lastIndex(where: { $0 == "+" || $0 == "-" }),
            body.distance(from: body.startIndex, to: signIndex) > 10
        {
            let sign = body[signIndex] == "-" ? -1 : 1
            let parts = body[body.index(after: signIndex)...].split(separator: ":")
            guard parts.count == 2, let hours = Int(parts[0]), let minutes = Int(parts[1]), hours < 24, minutes < 60 else {
                throw .syntax(part, "\(part) '\(text)' has an offset that is not ±hh:mm: \(accepted)")
            }
            offset = sign * (hours * 3600 + minutes * 60)
            body = body[..<signIndex]
        }
        let dateAndTime = body.split(separator: body.contains("T") ? "T" : " ", maxSplits: 1)
        let dateParts = dateAndTime[0].split(separator: "-")
        guard dateParts.count == 3, dateParts[0].count == 4, dateParts[1].count == 2, dateParts[2].count == 2,
            let year = Int(dateParts[0]), let month = Int(dateParts[1]), let day = Int(dateParts[2])
        else {
            throw .syntax(part, "\(part) '\(text)' is not a time: \(accepted)")
        }
        guard let date = CivilDate(validYear: year, month: month, day: day) else {
            throw .outOfRange(part, "\(part) '\(text)' is not a real date")
        }
        guard dateAndTime.count == 2 else {
            guard offset == nil else { throw .syntax(part, "\(part) '\(text)' has an offset but no time: \(accepted)") }
            return DateTimeValue(local: CivilDateTime(date: date), form: .date)
        }
        let timeParts = dateAndTime[1].split(separator: ":")
        guard timeParts.count == 2 || timeParts.count == 3, let hour = Int(timeParts[0]), let minute = Int(timeParts[1]),
            hour < 24, minute < 60
        else {
            throw .syntax(part, "\(part) '\(text)' has a time that is not hh:mm[:ss]: \(accepted)")
        }
        var second = 0
        if timeParts.count == 3 {
            guard let whole = Int(timeParts[2].prefix(while: { $0 != "." })), whole < 60 else {
                throw .syntax(part, "\(part) '\(text)' has seconds that are not 00–59: \(accepted)")
            }
            second = whole
        }
        let local = CivilDateTime(date: date, hour: hour, minute: minute, second: second)
        guard let offset else {
            if let zone { return DateTimeValue(local: local, form: zone == .utc ? .utc : .zoned(zone)) }
            return DateTimeValue(local: local, form: .floating)
        }
        // An explicit offset names an instant; it stays UTC, because turning it into a wall time of `zone` would
        // lose which pass of a repeated (fall-back) hour it was.
        let instant = Instant(secondsSinceEpoch: local.secondsSinceLocalEpoch - Int64(offset))
        return DateTimeValue(local: instant.utc, form: .utc)
    }
}
