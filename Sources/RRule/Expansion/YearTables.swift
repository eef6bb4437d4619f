/// Per-year facts the month masks need, computed once per calendar year: where the year starts, its length, its
/// first weekday, and which of its days BYYEARDAY and BYWEEKNO admit (bit n for day-of-year n).
struct YearTables {
    let year: Int
    /// Days since 1970-01-01 of January 1.
    let start: Int
    let length: Int
    /// Monday = 0 weekday of January 1.
    let firstWeekday: Int
    /// Bit n set when day-of-year n passes BYYEARDAY (all set when the rule has none). Fixed-size words, so
    /// copying the tables costs no reference counting.
    private(set) var yearDays: SIMD8<UInt64>
    /// Bit n set when day-of-year n passes BYWEEKNO (all set when the rule has none).
    private(set) var weekNumbers: SIMD8<UInt64>

    init(year: Int, filter: DayFilter) {
        self.year = year
        start = CivilDate(year: year, month: 1, day: 1).daysSinceEpoch
        length = CivilDate.daysIn(year: year)
        firstWeekday = DayFilter.weekday(day: start)
        yearDays = SIMD8(repeating: .max)
        weekNumbers = SIMD8(repeating: .max)
        if filter.hasYearDays {
            yearDays = SIMD8(repeating: 0)
            for dayOfYear in 1...length
            where filter.yearDays[dayOfYear] || filter.negativeYearDays[length - dayOfYear + 1] {
                yearDays[dayOfYear >> 6] |= 1 << UInt64(dayOfYear & 63)
            }
        }
        if filter.hasWeekNumbers {
            weekNumbers = SIMD8(repeating: 0)
            // Week 1 of a week-numbering year is the week holding January 4 (at least four of its days are in the
            // year). The calendar year's days can belong to the previous week-year's last weeks or the next one's
            // first, so mark the chosen weeks of all three.
            func firstWeekStart(_ year: Int) -> Int {
                let january4 = CivilDate(year: year, month: 1, day: 4).daysSinceEpoch
                return january4 - (DayFilter.weekday(day: january4) - filter.weekStart.rawValue + 7) % 7
            }
            for weekYear in (year - 1)...(year + 1) {
                let first = firstWeekStart(weekYear)
                let weeks = (firstWeekStart(weekYear + 1) - first) / 7
                for week in 1...weeks
                where filter.weekNumbers & (1 << UInt64(week)) != 0
                    || filter.negativeWeekNumbers & (1 << UInt64(weeks - week + 1)) != 0
                {
                    let weekStart = first + 7 * (week - 1)
                    let from = max(weekStart, start)
                    let to = min(weekStart + 7, start + length)
                    guard from < to else { continue }
                    for day in from..<to {
                        let dayOfYear = day - start + 1
                        weekNumbers[dayOfYear >> 6] |= 1 << UInt64(dayOfYear & 63)
                    }
                }
            }
        }
    }

    /// Bits `first …` `first + count − 1` of a day-of-year bitset, as bits 1 … count (day-of-month alignment).
    static func window(_ bits: SIMD8<UInt64>, from first: Int, count: Int) -> UInt64 {
        let word = first >> 6
        let shift = UInt64(first & 63)
        var value = bits[word] >> shift
        if shift != 0, word + 1 < 8 { value |= bits[word + 1] << (64 - shift) }
        let mask: UInt64 = count >= 64 ? .max : (1 << UInt64(count)) - 1
        return (value & mask) << 1
    }
}

extension DayFilter {
    /// Bits at positions 0, 7, 14, …, 63: one weekday's days when shifted into place.
    private static let weekStripe: UInt64 = (0..<10).reduce(0) { $0 | 1 << UInt64($1 * 7) }

    /// The days of one month that pass every day-level part, as bits 1 … 31: what `matches` would say of each day,
    /// computed with a few word operations per part instead of a test per day.
    func monthMask(month: Int, tables: YearTables) -> UInt64 {
        if months != 0, months & (1 << UInt16(month)) == 0 { return 0 }
        let year = tables.year
        let length = CivilDate.daysIn(month: month, year: year)
        let first = CivilDate(year: year, month: month, day: 1).daysSinceEpoch
        let firstDayOfYear = first - tables.start + 1
        var mask: UInt64 = ((1 << UInt64(length + 1)) - 1) & ~1
        if hasMonthDays {
            var days = UInt64(monthDays) & mask
            var negative = negativeMonthDays
            while negative != 0 {
                let n = negative.trailingZeroBitCount
                negative &= negative - 1
                if n <= length { days |= 1 << UInt64(length - n + 1) }
            }
            mask &= days
        }
        if hasYearDays { mask &= YearTables.window(tables.yearDays, from: firstDayOfYear, count: length) }
        if hasWeekNumbers { mask &= YearTables.window(tables.weekNumbers, from: firstDayOfYear, count: length) }
        if hasWeekdays, mask != 0 {
            let firstWeekday = Self.weekday(day: first)
            var chosen: UInt64 = 0
            for weekday in 0..<7 {
                // Day d has this weekday when d − 1 ≡ weekday − firstWeekday (mod 7).
                let offset = (weekday - firstWeekday + 7) % 7
                if weekdays & (1 << UInt8(weekday)) != 0 {
                    chosen |= (Self.weekStripe << UInt64(offset)) << 1
                }
                let positive = positiveOrdinals[weekday]
                let negative = negativeOrdinals[weekday]
                guard positive | negative != 0 else { continue }
                // The k-th such day (k from 1) counted from the start, and n-th from the end is k = count − n + 1.
                if ordinalsCountInMonth {
                    let firstDay = 1 + offset
                    let count = (length - firstDay) / 7 + 1
                    for k in 1...count where positive & (1 << UInt64(k)) != 0 || negative & (1 << UInt64(count - k + 1)) != 0 {
                        chosen |= 1 << UInt64(firstDay + 7 * (k - 1))
                    }
                } else {
                    // Ordinals count within the year: find the days of the year, keep those in this month.
                    let firstInYear = 1 + (weekday - tables.firstWeekday + 7) % 7
                    let count = (tables.length - firstInYear) / 7 + 1
                    let lowest = max(1, (firstDayOfYear - firstInYear + 6) / 7 + 1)
                    let highest = min(count, (firstDayOfYear + length - 1 - firstInYear) / 7 + 1)
                    if lowest <= highest {
                        for k in lowest...highest
                        where positive & (1 << UInt64(k)) != 0 || negative & (1 << UInt64(count - k + 1)) != 0 {
                            let day = firstInYear + 7 * (k - 1) - firstDayOfYear + 1
                            if day >= 1, day <= length { chosen |= 1 << UInt64(day) }
                        }
                    }
                }
            }
            mask &= chosen
        }
        return mask
    }
}
