/// Which days of a month a cron expression runs on: its day-of-month and day-of-week fields combined by the day
/// rule of Vixie cron and cronie.
///
/// When either field starts with `*` (or `?`), a day must match both fields; otherwise a day matching either runs.
/// `L`, `W` and `#` entries take part like ordinary entries.
struct CronDayRule: Hashable, Sendable {
    var dayOfMonth: ParsedCronField
    var dayOfWeek: ParsedCronField

    /// Days 1, 8, 15, 22 and 29: one weekday's days in a month that starts on it.
    private static let weekly: UInt64 = 1 << 1 | 1 << 8 | 1 << 15 | 1 << 22 | 1 << 29

    /// Both fields must match when either starts with `*`.
    var requiresBoth: Bool { dayOfMonth.star || dayOfWeek.star }

    /// The days (bit d for day d) of a month with `length` days whose first day is `firstWeekday` (Sunday = 0).
    ///
    /// - Complexity: O(1): a few dozen bit operations, independent of the year.
    func days(length: Int, firstWeekday: Int) -> UInt64 {
        let valid = CronFieldParser.bits(from: 1, through: length)
        let byMonthDay = monthDays(length: length, firstWeekday: firstWeekday) & valid
        let byWeekday = weekDays(length: length, firstWeekday: firstWeekday) & valid
        return requiresBoth ? byMonthDay & byWeekday : byMonthDay | byWeekday
    }

    /// The days of `month` in `year` the expression runs on.
    func days(year: Int, month: Int) -> UInt64 {
        let first = CivilDate(year: year, month: month, day: 1).weekday
        return days(length: CivilDate.daysIn(month: month, year: year), firstWeekday: (first.rawValue + 1) % 7)
    }

    /// Whether any month the expression allows can ever have a matching day.
    ///
    /// Day matching depends only on a month's length and the weekday it starts on, and every such pair occurs in
    /// the 400-year Gregorian cycle, so checking the pairs is exact: `0 0 30 2 *` and `0 0 31 4,6 *` never match.
    func canMatch(months: UInt64) -> Bool {
        for month in 1...12 where months & (1 << UInt64(month)) != 0 {
            let lengths = month == 2 ? [28, 29] : [CivilDate.daysIn(month: month, year: 2001)]
            for length in lengths {
                for weekday in 0..<7 where days(length: length, firstWeekday: weekday) != 0 {
                    return true
                }
            }
        }
        return false
    }

    private func monthDays(length: Int, firstWeekday: Int) -> UInt64 {
        var result = dayOfMonth.values
        var offsets = dayOfMonth.lastDayOffsets
        while offsets != 0 {
            let offset = offsets.trailingZeroBitCount
            offsets &= offsets - 1
            if length - offset >= 1 { result |= 1 << UInt64(length - offset) }
        }
        if dayOfMonth.lastWeekdayOfMonth {
            let weekday = (firstWeekday + length - 1) % 7
            result |= 1 << UInt64(weekday == 6 ? length - 1 : weekday == 0 ? length - 2 : length)
        }
        var nearest = dayOfMonth.nearestWeekdays
        while nearest != 0 {
            // A day past the month's end means its last day, as croniter reads `31W` in a 30-day month.
            let day = min(nearest.trailingZeroBitCount, length)
            nearest &= nearest - 1
            result |= 1 << UInt64(Self.nearestWeekday(to: day, length: length, firstWeekday: firstWeekday))
        }
        return result
    }

    /// The weekday nearest `day` without leaving the month (Quartz): Saturday moves back to Friday unless it is the
    /// 1st (then Monday the 3rd); Sunday moves on to Monday unless it is the last day (then Friday).
    static func nearestWeekday(to day: Int, length: Int, firstWeekday: Int) -> Int {
        switch (firstWeekday + day - 1) % 7 {
        case 6: day == 1 ? 3 : day - 1
        case 0: day == length ? day - 2 : day + 1
        default: day
        }
    }

    private func weekDays(length: Int, firstWeekday: Int) -> UInt64 {
        var result: UInt64 = 0
        for weekday in 0..<7 {
            let first = (weekday - firstWeekday + 7) % 7 + 1
            if dayOfWeek.values & (1 << UInt64(weekday)) != 0 {
                result |= Self.weekly << UInt64(first - 1)
            }
            if dayOfWeek.lastWeekdays & (1 << UInt64(weekday)) != 0 {
                result |= 1 << UInt64(first + 7 * ((length - first) / 7))
            }
            let nth = (dayOfWeek.nthWeekdays >> UInt64(weekday * 8)) & 0xFF
            for k in 1...5 where nth & (1 << UInt64(k)) != 0 {
                let day = first + 7 * (k - 1)
                if day <= length { result |= 1 << UInt64(day) }
            }
        }
        return result
    }
}
