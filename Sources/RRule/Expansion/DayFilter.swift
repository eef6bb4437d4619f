/// The day-level BYxxx parts of a rule (BYMONTH, BYWEEKNO, BYYEARDAY, BYMONTHDAY, BYDAY) as bit masks, so a
/// candidate day is tested with a handful of integer operations.
///
/// RFC 5545's expand/limit table collapses to one test: whether a part *expands* a period (adds days) or *limits*
/// it (removes days), the resulting days are exactly the days of the period that satisfy every given part. The
/// period supplies the days; this filter keeps the ones the rule names.
struct DayFilter: Sendable {
    /// Bit m (1…12) set for allowed months; 0 allows every month.
    var months: UInt16 = 0
    /// Bit d set for BYMONTHDAY=d; bit n for BYMONTHDAY=-n.
    var monthDays: UInt32 = 0
    var negativeMonthDays: UInt32 = 0
    /// BYYEARDAY as membership tables indexed 1…366.
    var yearDays: [Bool] = []
    var negativeYearDays: [Bool] = []
    /// Bit w set for BYWEEKNO=w; bit n for BYWEEKNO=-n.
    var weekNumbers: UInt64 = 0
    var negativeWeekNumbers: UInt64 = 0
    /// Bit w (Monday = 0) set for plain BYDAY weekdays.
    var weekdays: UInt8 = 0
    /// Ordinal BYDAY entries, indexed by weekday.
    var ordinalWeekdays: [[Int]] = Array(repeating: [], count: 7)
    /// The same as bit masks per weekday (bit n for ordinal n, and for -n in `negativeOrdinals`): fixed-size, so
    /// the month masks read them without reference counting.
    var positiveOrdinals = SIMD8<UInt64>(repeating: 0)
    var negativeOrdinals = SIMD8<UInt64>(repeating: 0)
    var hasOrdinalWeekdays = false
    /// Ordinals count within the month (MONTHLY, or YEARLY with BYMONTH: RFC 5545 erratum 1913) rather than
    /// within the year.
    var ordinalsCountInMonth = false
    var weekStart: Weekday = .monday

    var hasMonthDays: Bool { monthDays | negativeMonthDays != 0 }
    var hasYearDays: Bool { !yearDays.isEmpty }
    var hasWeekNumbers: Bool { weekNumbers | negativeWeekNumbers != 0 }
    var hasWeekdays: Bool { weekdays != 0 || hasOrdinalWeekdays }

    init(rule: RecurrenceRule) {
        for month in rule.byMonth { months |= 1 << UInt16(month) }
        for day in rule.byMonthDay {
            if day > 0 { monthDays |= 1 << UInt32(day) } else { negativeMonthDays |= 1 << UInt32(-day) }
        }
        if !rule.byYearDay.isEmpty {
            yearDays = Array(repeating: false, count: 367)
            negativeYearDays = Array(repeating: false, count: 367)
            for day in rule.byYearDay {
                if day > 0 { yearDays[day] = true } else { negativeYearDays[-day] = true }
            }
        }
        for week in rule.byWeekNo {
            if week > 0 { weekNumbers |= 1 << UInt64(week) } else { negativeWeekNumbers |= 1 << UInt64(-week) }
        }
        for entry in rule.byDay {
            if let ordinal = entry.ordinal {
                ordinalWeekdays[entry.weekday.rawValue].append(ordinal)
                if ordinal > 0 {
                    positiveOrdinals[entry.weekday.rawValue] |= 1 << UInt64(ordinal)
                } else {
                    negativeOrdinals[entry.weekday.rawValue] |= 1 << UInt64(-ordinal)
                }
                hasOrdinalWeekdays = true
            } else {
                weekdays |= 1 << UInt8(entry.weekday.rawValue)
            }
        }
        ordinalsCountInMonth = rule.frequency == .monthly || (rule.frequency == .yearly && !rule.byMonth.isEmpty)
        weekStart = rule.weekStart
    }

    /// True when `months` allows `month`.
    @inline(__always)
    func allows(month: Int) -> Bool {
        months == 0 || months & (1 << UInt16(month)) != 0
    }

    /// Whether the day `day` (days since 1970-01-01), whose civil date is `date`, satisfies every day-level part.
    @inline(__always)
    func matches(day: Int, date: CivilDate) -> Bool {
        if months != 0, months & (1 << UInt16(date.month)) == 0 { return false }
        if hasMonthDays {
            let length = CivilDate.daysIn(month: date.month, year: date.year)
            let fromEnd = length - date.day + 1
            if monthDays & (1 << UInt32(date.day)) == 0, negativeMonthDays & (1 << UInt32(fromEnd)) == 0 {
                return false
            }
        }
        if hasYearDays {
            let dayOfYear = day - CivilDate(year: date.year, month: 1, day: 1).daysSinceEpoch + 1
            let fromEnd = CivilDate.daysIn(year: date.year) - dayOfYear + 1
            if !yearDays[dayOfYear], !negativeYearDays[fromEnd] { return false }
        }
        if hasWeekNumbers {
            let (week, weeksInYear) = Self.weekNumber(day: day, weekStart: weekStart)
            if weekNumbers & (1 << UInt64(week)) == 0,
                negativeWeekNumbers & (1 << UInt64(weeksInYear - week + 1)) == 0
            {
                return false
            }
        }
        if hasWeekdays {
            let weekday = Self.weekday(day: day)
            if weekdays & (1 << UInt8(weekday)) != 0 { return true }
            let ordinals = ordinalWeekdays[weekday]
            if ordinals.isEmpty { return false }
            let first: Int
            let last: Int
            if ordinalsCountInMonth {
                first = day - date.day + 1
                last = first + CivilDate.daysIn(month: date.month, year: date.year) - 1
            } else {
                first = CivilDate(year: date.year, month: 1, day: 1).daysSinceEpoch
                last = first + CivilDate.daysIn(year: date.year) - 1
            }
            let fromStart = (day - first) / 7 + 1
            let fromEnd = -((last - day) / 7 + 1)
            return ordinals.contains { $0 == fromStart || $0 == fromEnd }
        }
        return true
    }

    /// Monday = 0 weekday of a day count.
    @inline(__always)
    static func weekday(day: Int) -> Int {
        let w = (day + 3) % 7
        return w < 0 ? w + 7 : w
    }

    /// The week number of `day` and the number of weeks in its week-numbering year, for weeks starting on
    /// `weekStart`. Week 1 is the first week with at least four days in the year (RFC 5545 §3.3.10, ISO 8601
    /// when the week starts on Monday): a week belongs to the year that holds its fourth day.
    static func weekNumber(day: Int, weekStart: Weekday) -> (week: Int, weeksInYear: Int) {
        let sinceStart = (weekday(day: day) - weekStart.rawValue + 7) % 7
        let anchor = day - sinceStart + 3
        let year = CivilDate(daysSinceEpoch: anchor).year
        let january1 = CivilDate(year: year, month: 1, day: 1).daysSinceEpoch
        let week = (anchor - january1) / 7 + 1
        // The week holding December 28 is always the last one: its fourth day falls between the 25th and 31st.
        let december28 = CivilDate(year: year, month: 12, day: 28).daysSinceEpoch
        let lastAnchor = december28 - (weekday(day: december28) - weekStart.rawValue + 7) % 7 + 3
        return (week, (lastAnchor - january1) / 7 + 1)
    }
}
