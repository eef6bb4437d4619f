import RRule

extension WorkflowValidator {
    /// The DTSTART given to a bare RRULE value while checking it; only whether the rule parses matters here.
    private static let referenceStart = DateTimeValue(local: CivilDateTime(year: 2025, month: 1, day: 1), form: .utc)

    /// The parser's message when `expression` is not a schedule Sundial can run, or `nil` when it is: an RFC 5545
    /// block or RRULE value when it names `FREQ=`, `RRULE` or `DTSTART`, else a cron expression.
    @Sendable public static func scheduleProblem(in expression: String) -> String? {
        do {
            _ = try Schedule.parse(expression, defaultStart: referenceStart)
            return nil
        } catch {
            return error.message
        }
    }
}
