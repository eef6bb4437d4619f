/// One RFC 5545 `RRULE` (§3.3.10): a frequency, its interval, an end, and the BYxxx parts that expand or limit
/// each period.
///
/// Lists are kept sorted and free of duplicates, so two rules that mean the same thing compare equal and print
/// the same. Parse with `init(parsing:)`; print the canonical value with `description`.
public struct RecurrenceRule: Hashable, Sendable, CustomStringConvertible {
    /// How the rule ends.
    public enum End: Hashable, Sendable {
        /// After this many occurrences (those that pass every BYxxx filter and are not before DTSTART).
        case count(Int)
        /// At this date or date-time, inclusive.
        case until(DateTimeValue)
    }

    public var frequency: Frequency
    public var interval: Int = 1
    public var end: End?
    public var bySecond: [Int] = []
    public var byMinute: [Int] = []
    public var byHour: [Int] = []
    public var byDay: [WeekdayNumber] = []
    public var byMonthDay: [Int] = []
    public var byYearDay: [Int] = []
    public var byWeekNo: [Int] = []
    public var byMonth: [Int] = []
    public var bySetPos: [Int] = []
    public var weekStart: Weekday = .monday

    public init(frequency: Frequency) {
        self.frequency = frequency
    }

    public var count: Int? {
        if case .count(let count) = end { return count }
        return nil
    }

    public var until: DateTimeValue? {
        if case .until(let until) = end { return until }
        return nil
    }

    /// The canonical RRULE value: parts in RFC order, defaults (`INTERVAL=1`, `WKST=MO`) left out.
    public var description: String {
        var parts = ["FREQ=\(frequency.rawValue)"]
        if interval != 1 { parts.append("INTERVAL=\(interval)") }
        switch end {
        case .count(let count): parts.append("COUNT=\(count)")
        case .until(let until): parts.append("UNTIL=\(until.iCalendarValue)")
        case nil: break
        }
        func list(_ name: String, _ values: [Int]) {
            if !values.isEmpty { parts.append("\(name)=" + values.map(String.init).joined(separator: ",")) }
        }
        list("BYSECOND", bySecond)
        list("BYMINUTE", byMinute)
        list("BYHOUR", byHour)
        if !byDay.isEmpty { parts.append("BYDAY=" + byDay.map(\.description).joined(separator: ",")) }
        list("BYMONTHDAY", byMonthDay)
        list("BYYEARDAY", byYearDay)
        list("BYWEEKNO", byWeekNo)
        list("BYMONTH", byMonth)
        list("BYSETPOS", bySetPos)
        if weekStart != .monday { parts.append("WKST=\(weekStart.code)") }
        return parts.joined(separator: ";")
    }
}
