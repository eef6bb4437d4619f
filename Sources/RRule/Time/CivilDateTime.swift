/// A wall-clock date and time with second precision and no time zone: what a calendar or a clock on the wall
/// shows. A `Zone` turns it into `Instant`s.
public struct CivilDateTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var date: CivilDate
    /// 0 … 23.
    public var hour: Int
    /// 0 … 59.
    public var minute: Int
    /// 0 … 59 (a leap second `60` is accepted on input by parsers and folded into the next minute).
    public var second: Int

    @inlinable
    public init(date: CivilDate, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        self.date = date
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    @inlinable
    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        self.init(date: CivilDate(year: year, month: month, day: day), hour: hour, minute: minute, second: second)
    }

    /// The wall time `seconds` after 1970-01-01T00:00:00 on the same wall clock.
    @inlinable
    public init(secondsSinceLocalEpoch seconds: Int64) {
        let s = Int(seconds)
        var days = s / 86_400
        var rest = s % 86_400
        if rest < 0 {
            rest += 86_400
            days -= 1
        }
        self.init(date: CivilDate(daysSinceEpoch: days), hour: rest / 3600, minute: rest % 3600 / 60, second: rest % 60)
    }

    /// Seconds since 1970-01-01T00:00:00 on the same wall clock: the instant this wall time would be in UTC.
    @inlinable
    public var secondsSinceLocalEpoch: Int64 {
        Int64(date.daysSinceEpoch) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// Seconds since midnight.
    @inlinable
    public var secondOfDay: Int { hour * 3600 + minute * 60 + second }

    @inlinable
    public static func < (lhs: CivilDateTime, rhs: CivilDateTime) -> Bool {
        if lhs.date != rhs.date { return lhs.date < rhs.date }
        return lhs.secondOfDay < rhs.secondOfDay
    }

    /// `YYYY-MM-DDTHH:MM:SS`, with no offset.
    public var rfc3339: String {
        "\(date)T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))"
    }

    /// `YYYYMMDDTHHMMSS`, the iCalendar DATE-TIME form without a `Z`.
    public var iCalendar: String {
        "\(date.iCalendar)T\(pad(hour, 2))\(pad(minute, 2))\(pad(second, 2))"
    }

    public var description: String { rfc3339 }
}
