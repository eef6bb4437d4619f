/// A POSIX `TZ` rule such as `EST5EDT,M3.2.0,M11.1.0`: the footer of a TZif file, which says how a zone behaves
/// after its last listed transition.
///
/// Offsets are stored east-positive (the opposite of the POSIX text, where `EST5` means five hours *west*).
/// Transition times may be negative or exceed 24 hours, as RFC 8536 §3.3.1 allows (`/-1`, `/25`, up to ±167h).
struct POSIXTimeZoneRule: Hashable, Sendable {
    /// Which day of the year a daylight-saving transition falls on.
    enum Day: Hashable, Sendable {
        /// `Jn`: day 1…365, February 29 never counted (J60 is always March 1).
        case julian(Int)
        /// `n`: zero-based day 0…365, February 29 counted in leap years.
        case zeroBased(Int)
        /// `Mm.w.d`: weekday `d` (0 = Sunday) of week `w` (1…5, 5 = last) of month `m`.
        case monthWeek(month: Int, week: Int, weekday: Int)
    }

    /// A transition: a day and a local time, in the offset in force just before it.
    struct Transition: Hashable, Sendable {
        var day: Day
        /// Seconds after local midnight of `day`; −167h … 167h, 2h when the text omits it.
        var time: Int
    }

    /// The daylight-saving part of a rule.
    struct Daylight: Hashable, Sendable {
        var abbreviation: String
        /// Seconds east of UTC while daylight-saving time is in force (may be *less* than standard time).
        var offset: Int
        var start: Transition
        var end: Transition
    }

    var standardAbbreviation: String
    /// Seconds east of UTC in standard time.
    var standardOffset: Int
    /// `nil` for a zone without daylight-saving time.
    var daylight: Daylight?

    /// One change of offset produced by the rule.
    struct Event: Hashable, Sendable, Comparable {
        var instant: Int64
        var offset: Int
        var isDST: Bool

        /// By instant; at equal instants a start of daylight time sorts last, so it wins (`0/0,J365/25`).
        static func < (lhs: Event, rhs: Event) -> Bool {
            (lhs.instant, lhs.isDST ? 1 : 0) < (rhs.instant, rhs.isDST ? 1 : 0)
        }
    }

    /// The start and end of daylight time in `year`, in UTC; `nil` when the rule has no daylight time.
    func events(inYear year: Int) -> (start: Event, end: Event)? {
        guard let daylight else { return nil }
        let start = daylight.start.instant(inYear: year, offsetBefore: standardOffset)
        let end = daylight.end.instant(inYear: year, offsetBefore: daylight.offset)
        return (
            Event(instant: start, offset: daylight.offset, isDST: true),
            Event(instant: end, offset: standardOffset, isDST: false)
        )
    }

    /// The offset the rule puts in force at `instant`, by looking at the events of the surrounding years.
    /// - Complexity: O(1); the year must be within ±25 million so the arithmetic cannot overflow.
    func offset(at instant: Int64) -> Int {
        guard daylight != nil else { return standardOffset }
        let year = CivilDate(daysSinceEpoch: Int(instant.floorDivided(by: 86_400))).year
        var best: Event?
        for candidateYear in year - 2...year + 2 {
            guard let (start, end) = events(inYear: candidateYear) else { continue }
            for event in [start, end] where event.instant <= instant {
                if best.map({ $0 < event }) ?? true { best = event }
            }
        }
        return best?.offset ?? standardOffset
    }
}

extension POSIXTimeZoneRule.Transition {
    /// The UTC instant of this transition in `year` when `offsetBefore` is in force just before it.
    func instant(inYear year: Int, offsetBefore: Int) -> Int64 {
        Int64(day.daysSinceEpoch(inYear: year)) * 86_400 + Int64(time - offsetBefore)
    }
}

extension POSIXTimeZoneRule.Day {
    /// The day this names in `year`, as days since 1970-01-01.
    func daysSinceEpoch(inYear year: Int) -> Int {
        switch self {
        case .julian(let day):
            let january1 = CivilDate(year: year, month: 1, day: 1).daysSinceEpoch
            return january1 + day - 1 + (day >= 60 && CivilDate.isLeap(year) ? 1 : 0)
        case .zeroBased(let day):
            return CivilDate(year: year, month: 1, day: 1).daysSinceEpoch + day
        case .monthWeek(let month, let week, let weekday):
            let first = CivilDate(year: year, month: month, day: 1).daysSinceEpoch
            // 1970-01-01 was a Thursday: 4 when Sunday is 0.
            let firstWeekday = (first + 4).floorModulo(7)
            var day = 1 + (weekday - firstWeekday + 7) % 7 + 7 * (week - 1)
            let length = CivilDate.daysIn(month: month, year: year)
            while day > length { day -= 7 }
            return first + day - 1
        }
    }
}

extension BinaryInteger {
    /// Division rounding toward negative infinity.
    @inlinable
    func floorDivided(by divisor: Self) -> Self {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }

    /// The remainder with the divisor's sign (always non-negative for a positive divisor).
    @inlinable
    func floorModulo(_ divisor: Self) -> Self {
        let remainder = self % divisor
        return remainder != 0 && (remainder < 0) != (divisor < 0) ? remainder + divisor : remainder
    }
}
