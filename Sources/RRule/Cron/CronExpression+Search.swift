extension CronExpression {
    /// How many years a search for a matching wall time looks ahead before it gives up. Every combination of month
    /// length and starting weekday occurs within the 400-year Gregorian cycle, so a satisfiable expression always
    /// matches well within it; the bound only keeps a search finite.
    static let searchYears = 400

    /// The first wall time at or after `start` that every field matches, or nil when there is none within
    /// `searchYears` years.
    ///
    /// It jumps field by field, coarsest first: to the next allowed month, then to the next matching day through a
    /// bit set of the month's days computed once per (year, month), then hour, minute and second, each with one
    /// bit scan. A rule that matches once every 28 years costs a few dozen month steps, not a walk through time.
    ///
    /// - Complexity: O(months visited), at most 12 × `searchYears`; usually a handful of steps.
    func firstMatch(atOrAfter start: CivilDateTime) -> CivilDateTime? {
        guard isSatisfiable else { return nil }
        var year = start.date.year
        var month = start.date.month
        var day = start.date.day
        var hour = start.hour
        var minute = start.minute
        var second = start.second
        let lastYear = year + Self.searchYears
        var cachedMonth = (year: Int.min, month: 0, days: UInt64(0))
        while year <= lastYear {
            guard let nextMonth = Self.nextBit(months, from: month) else {
                (year, month, day, hour, minute, second) = (year + 1, 1, 1, 0, 0, 0)
                continue
            }
            if nextMonth != month { (month, day, hour, minute, second) = (nextMonth, 1, 0, 0, 0) }
            if cachedMonth.year != year || cachedMonth.month != month {
                cachedMonth = (year, month, dayRule.days(year: year, month: month))
            }
            guard let nextDay = Self.nextBit(cachedMonth.days, from: day) else {
                (month, day, hour, minute, second) = (month + 1, 1, 0, 0, 0)
                if month > 12 { (year, month) = (year + 1, 1) }
                continue
            }
            if nextDay != day { (day, hour, minute, second) = (nextDay, 0, 0, 0) }
            guard let nextHour = Self.nextBit(hours, from: hour) else {
                (day, hour, minute, second) = (day + 1, 0, 0, 0)
                continue
            }
            if nextHour != hour { (hour, minute, second) = (nextHour, 0, 0) }
            guard let nextMinute = Self.nextBit(minutes, from: minute) else {
                (hour, minute, second) = (hour + 1, 0, 0)
                continue
            }
            if nextMinute != minute { (minute, second) = (nextMinute, 0) }
            guard let nextSecond = Self.nextBit(seconds, from: second) else {
                (minute, second) = (minute + 1, 0)
                continue
            }
            return CivilDateTime(year: year, month: month, day: day, hour: hour, minute: minute, second: nextSecond)
        }
        return nil
    }

    /// The first wall time at or after `seconds` on the local clock (seconds since 1970-01-01T00:00:00 local).
    func firstMatch(atOrAfterLocal seconds: Int64) -> CivilDateTime? {
        firstMatch(atOrAfter: CivilDateTime(secondsSinceLocalEpoch: seconds))
    }

    /// Whether every field matches `wall`.
    public func matches(_ wall: CivilDateTime) -> Bool {
        guard wall.date.isValid, (0...59).contains(wall.second), (0...59).contains(wall.minute),
            (0...23).contains(wall.hour)
        else { return false }
        return seconds & (1 << UInt64(wall.second)) != 0 && minutes & (1 << UInt64(wall.minute)) != 0
            && hours & (1 << UInt64(wall.hour)) != 0 && months & (1 << UInt64(wall.date.month)) != 0
            && dayRule.days(year: wall.date.year, month: wall.date.month) & (1 << UInt64(wall.date.day)) != 0
    }

    /// The lowest set bit at or above `position`.
    @inline(__always)
    static func nextBit(_ bits: UInt64, from position: Int) -> Int? {
        guard position < 64 else { return nil }
        let remaining = bits & (~0 << UInt64(position))
        return remaining == 0 ? nil : remaining.trailingZeroBitCount
    }
}
