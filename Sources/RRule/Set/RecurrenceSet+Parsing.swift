extension RecurrenceSet {
    /// Parses a recurrence: an iCalendar block of content lines (`DTSTART`, `RRULE`, `RDATE`, `EXDATE`), or a bare
    /// RRULE value (`FREQ=DAILY;COUNT=3`).
    ///
    /// Lines are separated by newlines (CRLF, LF, or the two characters `\n` as written in JSON or on a command
    /// line) and unfolded (a line starting with a space or tab continues the previous one). Property parameters
    /// `TZID` and `VALUE` are understood; `X-` parameters are ignored.
    /// - Parameters:
    ///   - text: the recurrence.
    ///   - defaultStart: DTSTART for a text that has none (a bare RRULE); a text with a DTSTART must not be given one.
    ///   - dstPolicy: how wall times in DST gaps and overlaps become instants.
    /// - Throws: `RecurrenceError` naming the property or rule part at fault.
    public init(parsing text: String, defaultStart: DateTimeValue? = nil, dstPolicy: DSTPolicy = .rfc5545)
        throws(RecurrenceError)
    {
        guard text.utf8.count <= RecurrenceLimits.maxTextLength else {
            throw .tooLarge("RRULE", "the recurrence is \(text.utf8.count) bytes long; at most \(RecurrenceLimits.maxTextLength) are accepted")
        }
        var start: DateTimeValue?
        var rules: [RecurrenceRule] = []
        var dates: [DateTimeValue] = []
        var exclusions: [DateTimeValue] = []
        for line in Self.contentLines(text) {
            let property = try ContentLine(parsing: line)
            switch property.name {
            case "DTSTART":
                guard start == nil else { throw .syntax("DTSTART", "DTSTART is given twice; a recurrence has one") }
                let values = try property.values(part: "DTSTART")
                guard values.count == 1 else {
                    throw .syntax("DTSTART", "DTSTART has \(values.count) values; it takes exactly one")
                }
                start = values[0]
            case "RRULE":
                rules.append(try RecurrenceRule(parsing: property.value))
            case "RDATE":
                dates += try property.values(part: "RDATE")
            case "EXDATE":
                exclusions += try property.values(part: "EXDATE")
            case "EXRULE":
                throw .notAllowed("EXRULE", "EXRULE was removed from iCalendar by RFC 5545; list the exceptions with EXDATE instead")
            default:
                throw .syntax(property.name, "unknown property '\(property.name)': expected DTSTART, RRULE, RDATE or EXDATE (one per line), or a bare rule such as FREQ=DAILY;BYHOUR=9")
            }
            if dates.count + exclusions.count > RecurrenceLimits.maxDates {
                throw .tooLarge("RDATE", "more than \(RecurrenceLimits.maxDates) RDATE and EXDATE values; that many are accepted at most")
            }
        }
        if start != nil, defaultStart != nil {
            throw .notAllowed("DTSTART", "the recurrence has its own DTSTART and a start was given as well; give one of the two")
        }
        guard let start = start ?? defaultStart else {
            throw .syntax("DTSTART", "the recurrence has no DTSTART: add a line such as DTSTART;TZID=Europe/Paris:20250301T093000, or give a start")
        }
        if rules.isEmpty, dates.isEmpty, !text.contains(where: { !$0.isWhitespace }) {
            throw .syntax("RRULE", "the recurrence is empty: expected a rule such as FREQ=DAILY;BYHOUR=9")
        }
        try self.init(start: start, rules: rules, dates: dates, exclusions: exclusions, dstPolicy: dstPolicy)
    }

    /// The set as canonical iCalendar text: DTSTART, then each RRULE, then RDATE and EXDATE lines grouped by their
    /// parameters, one property a line, separated by `\n`. Parsing it gives back an equal set.
    public var description: String {
        var lines = ["DTSTART" + Self.parameters(start) + ":" + start.iCalendarValue]
        lines += rules.map { "RRULE:\($0)" }
        for (name, values) in [("RDATE", dates), ("EXDATE", exclusions)] {
            var groups: [(String, [String])] = []
            for value in values {
                let parameters = Self.parameters(value)
                if groups.last?.0 == parameters {
                    groups[groups.count - 1].1.append(value.iCalendarValue)
                } else {
                    groups.append((parameters, [value.iCalendarValue]))
                }
            }
            lines += groups.map { name + $0.0 + ":" + $0.1.joined(separator: ",") }
        }
        return lines.joined(separator: "\n")
    }

    private static func parameters(_ value: DateTimeValue) -> String {
        switch value.form {
        case .date: ";VALUE=DATE"
        case .zoned(let zone): ";TZID=\(zone.identifier)"
        case .floating, .utc: ""
        }
    }

    /// Splits at LF, CRLF, and the two characters `\n`.
    private static func splitLines(_ text: String) -> [Substring] {
        var result: [Substring] = []
        var lineStart = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            if character == "\n" || character == "\r\n" {
                result.append(text[lineStart..<index])
                lineStart = next
            } else if character == "\\", next < text.endIndex, text[next] == "n" {
                result.append(text[lineStart..<index])
                lineStart = text.index(after: next)
                index = lineStart
                continue
            }
            index = next
        }
        result.append(text[lineStart...])
        return result
    }

    /// Splits and unfolds content lines; a bare rule value becomes an RRULE line.
    public static func contentLines(_ text: String) -> [Substring] {
        var lines: [String] = []
        for raw in splitLines(text) {
            if let first = raw.first, first == " " || first == "\t", !lines.isEmpty {
                lines[lines.count - 1] += raw.dropFirst()
            } else {
                lines.append(String(raw))
            }
        }
        return lines.compactMap { line in
            let trimmed = Substring(line).trimmingSpaces()
            if trimmed.isEmpty { return nil }
            return trimmed.uppercased().hasPrefix("FREQ=") ? "RRULE:" + trimmed : trimmed
        }
    }
}

