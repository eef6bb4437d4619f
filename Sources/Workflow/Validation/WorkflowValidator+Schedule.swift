import RRule

extension WorkflowValidator {
    /// The DTSTART given to a bare RRULE value while checking it; only whether the rule parses matters here.
    private static let referenceStart = DateTimeValue(local: CivilDateTime(year: 2025, month: 1, day: 1), form: .utc)

    /// The parser's message when `expression` is not a schedule Sundial can run, or `nil` when it is: an RFC 5545
    /// block or RRULE value when it names `FREQ=`, `RRULE` or `DTSTART`, else a cron expression. A schedule that
    /// parses but never produces an occurrence (`0 0 30 2 *`) is a problem too.
    @Sendable public static func scheduleProblem(in expression: String) -> String? {
        do {
            let schedule = try Schedule.parse(expression, defaultStart: referenceStart)
            // Rules that can never produce a date (30 February) end at once instead of looping, so this is cheap.
            var occurrences = schedule.occurrences(after: nil).makeIterator()
            guard occurrences.next() == nil else { return nil }
            return "\"\(expression)\" never matches a date (a day that does not exist, such as 30 February, or an "
                + "end before its first occurrence), so the trigger would never fire"
        } catch {
            return error.message
        }
    }
}
