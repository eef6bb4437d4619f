/// A schedule as a trigger writes it: an RFC 5545 block, a bare RRULE value, or a cron expression.
public enum Schedule {
    /// Whether `expression` is RFC 5545 text (it names `FREQ=`, `RRULE` or `DTSTART`) rather than cron.
    public static func isRecurrenceRule(_ expression: String) -> Bool {
        let upper = expression.uppercased()
        return upper.contains("FREQ=") || upper.contains("RRULE") || upper.contains("DTSTART")
    }

    /// Parses a schedule.
    /// - Parameters:
    ///   - expression: `DTSTART…\nRRULE:…`, `FREQ=…`, or a cron expression (`*/5 * * * *`, `@daily`).
    ///   - defaultStart: DTSTART for a bare RRULE (typically when the trigger was created, in `zone`).
    ///   - zone: the zone of a cron expression without `CRON_TZ=` (a bare RRULE takes its zone from `defaultStart`).
    ///   - dstPolicy: what wall times in daylight-saving gaps and overlaps mean.
    /// - Throws: `ScheduleError` carrying the parser's message.
    public static func parse(_ expression: String, defaultStart: DateTimeValue, zone: Zone = .utc,
                             dstPolicy: DSTPolicy = .rfc5545) throws(ScheduleError) -> any Recurrence {
        if isRecurrenceRule(expression) {
            let hasStart = expression.uppercased().contains("DTSTART")
            do {
                return try RecurrenceSet(parsing: expression, defaultStart: hasStart ? nil : defaultStart,
                                         dstPolicy: dstPolicy)
            } catch {
                throw ScheduleError(code: error.code, message: error.message)
            }
        }
        do {
            return try CronExpression(parsing: expression, zone: zone, dstPolicy: dstPolicy)
        } catch {
            throw ScheduleError(code: error.code, message: error.message)
        }
    }
}

/// A schedule expression that is neither a valid recurrence nor a valid cron expression.
public struct ScheduleError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The parser's stable code (`rrule.…` or `cron.…`).
    public var code: String
    public var message: String

    public var description: String { message }
}
