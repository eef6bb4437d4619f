import RRule

/// Checks a schedule trigger's `rruleExpression` with the parser that will run it.
public enum ScheduleCheck {
    /// The DTSTART given to a bare RRULE value while checking it; only whether the rule parses matters here.
    public static let referenceStart = DateTimeValue(
        local: CivilDateTime(year: 2025, month: 1, day: 1), form: .utc)

    /// The parser's message when `text` is not a valid schedule, or `nil` when it is.
    ///
    /// Text that mentions `FREQ=`, `RRULE:` or `DTSTART` (in any case) is read as RFC 5545, anything else as a cron
    /// expression.
    @Sendable public static func problem(in text: String) -> String? {
        if looksLikeRRule(text) {
            do {
                let hasStart = text.uppercased().contains("DTSTART")
                _ = try RecurrenceSet(parsing: text, defaultStart: hasStart ? nil : referenceStart)
                return nil
            } catch {
                return error.message
            }
        }
        do {
            _ = try CronExpression(parsing: text)
            return nil
        } catch {
            return error.description
        }
    }

    /// Whether `text` is meant as an RRULE value or an iCalendar block rather than a cron expression.
    public static func looksLikeRRule(_ text: String) -> Bool {
        let upper = text.uppercased()
        return upper.contains("FREQ=") || upper.contains("RRULE:") || upper.contains("DTSTART")
    }
}
