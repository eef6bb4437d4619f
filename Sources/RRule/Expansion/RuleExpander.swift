/// Generates the wall times of one RRULE in increasing order, period by period.
///
/// A period is one FREQ unit stepped by INTERVAL from DTSTART's (a year, a month, a week starting on WKST, a day,
/// an hour, a minute, a second). Each period's candidates are its days that pass the `DayFilter`, times the
/// rule's times of day, then BYSETPOS; candidates before DTSTART are dropped, and COUNT and UNTIL end the rule.
///
/// Without COUNT, the expander starts at the period holding a given wall time, computed arithmetically, so a
/// query decades after DTSTART costs the same as one near it. With COUNT it must count from DTSTART: O(n) in the
/// number of earlier occurrences (at most `RecurrenceLimits.maxCount`).
///
/// A rule that can never produce a date (`FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30`) ends: the calendar repeats every
/// 400 years (146,097 days, 20,871 weeks, 4,800 months), so a full cycle of empty periods means no period will
/// ever match. Sub-daily rules skip whole days, hours and minutes that a filter rejects instead of visiting each
/// of their periods.
struct RuleExpander: Sendable {
    private let frequency: Frequency
    private let interval: Int
    private let startWall: Int64
    private let count: Int?
    private let untilWall: Int64?
    private let filter: DayFilter
    /// For DAILY and coarser: sorted seconds of the day. For HOURLY: seconds within the hour; MINUTELY: within the
    /// minute; SECONDLY: `[0]`.
    private let times: [Int64]
    private let hours: UInt32
    private let minutes: UInt64
    private let seconds: UInt64
    private let setPositions: [Int]
    /// Consecutive empty periods (or, for sub-daily rules, days) after which the rule is known to be empty.
    private let emptyLimit: Int
    /// The first period's index base: year, month index, week-start day, day, or unit index of DTSTART.
    private let base: Int64

    private var period: Int64 = 0
    private var buffer: [Int64] = []
    private var bufferIndex = 0
    /// The current period's candidates before DTSTART, UNTIL and COUNT apply; kept to reuse its storage.
    private var scratch: [Int64] = []
    private var cachedYearTables: YearTables?
    /// BYSETPOS indices of the current period; kept to reuse its storage.
    private var selection: [Int] = []
    /// Set when the current period's BYSETPOS was already applied to its day mask.
    private var selectedFromMask = false
    /// For WEEKLY rules whose only day part is plain BYDAY: the chosen days as offsets from the week's start.
    private let weekdayOffsets: [Int]?
    private var produced = 0
    private var emptyRun = 0
    private var lastEmptyDay: Int64 = .min
    private(set) var isFinished = false

    /// - Parameters:
    ///   - rule: the rule.
    ///   - start: DTSTART's wall time.
    ///   - untilWall: UNTIL as a wall time in the set's zone, inclusive.
    ///   - near: when the rule has no COUNT, a wall time to start from: the expander begins at the period that
    ///     holds it (candidates before it may still be produced and are the caller's to skip).
    init(rule original: RecurrenceRule, start: CivilDateTime, untilWall: Int64?, near: Int64?) {
        var rule = original
        // RFC 5545: parts a rule leaves out are taken from DTSTART.
        if rule.byWeekNo.isEmpty, rule.byYearDay.isEmpty, rule.byMonthDay.isEmpty, rule.byDay.isEmpty {
            switch rule.frequency {
            case .yearly:
                if rule.byMonth.isEmpty { rule.byMonth = [start.date.month] }
                rule.byMonthDay = [start.date.day]
            case .monthly:
                rule.byMonthDay = [start.date.day]
            case .weekly:
                rule.byDay = [WeekdayNumber(start.date.weekday)]
            default:
                break
            }
        }
        let coarse = !rule.frequency.isSubDaily
        if rule.byHour.isEmpty, coarse { rule.byHour = [start.hour] }
        if rule.byMinute.isEmpty, coarse || rule.frequency == .hourly { rule.byMinute = [start.minute] }
        if rule.bySecond.isEmpty, rule.frequency != .secondly { rule.bySecond = [start.second] }

        frequency = rule.frequency
        interval = rule.interval
        startWall = start.secondsSinceLocalEpoch
        count = rule.count
        self.untilWall = untilWall
        filter = DayFilter(rule: rule)
        // An empty list allows every value.
        hours = rule.byHour.isEmpty ? .max : rule.byHour.reduce(0) { $0 | 1 << UInt32($1) }
        minutes = rule.byMinute.isEmpty ? .max : rule.byMinute.reduce(0) { $0 | 1 << UInt64($1) }
        seconds = rule.bySecond.isEmpty ? .max : rule.bySecond.reduce(0) { $0 | 1 << UInt64($1) }
        setPositions = rule.bySetPos

        switch rule.frequency {
        case .yearly, .monthly, .weekly, .daily:
            times = rule.byHour.flatMap { hour in
                rule.byMinute.flatMap { minute in rule.bySecond.map { Int64(hour * 3600 + minute * 60 + $0) } }
            }.sorted()
        case .hourly:
            times = rule.byMinute.flatMap { minute in rule.bySecond.map { Int64(minute * 60 + $0) } }.sorted()
        case .minutely:
            times = rule.bySecond.map(Int64.init)
        case .secondly:
            times = [0]
        }

        let date = start.date
        switch rule.frequency {
        case .yearly:
            base = Int64(date.year)
            emptyLimit = 400 / gcd(400, interval) + 1
        case .monthly:
            base = Int64(date.year * 12 + date.month - 1)
            emptyLimit = 4800 / gcd(4800, interval) + 1
        case .weekly:
            base = Int64(date.daysSinceEpoch - (date.weekday.rawValue - rule.weekStart.rawValue + 7) % 7)
            emptyLimit = 20871 / gcd(20871, interval) + 1
        case .daily:
            base = Int64(date.daysSinceEpoch)
            emptyLimit = 146_097 / gcd(146_097, interval) + 1
        case .hourly, .minutely, .secondly:
            let unit = rule.frequency.unitSeconds
            base = floorDiv(startWall, unit)
            // Days until the time-of-day pattern repeats, times the 400-year calendar cycle.
            let step = Int64(interval) * unit
            emptyLimit = 146_097 * Int(min(step / gcd64(step, 86_400), 64)) + 1
        }

        if rule.frequency == .weekly, rule.byMonth.isEmpty {
            // Plain BYDAY (or DTSTART's weekday) alone: the week's chosen days are fixed offsets from its start.
            let chosen = Set(rule.byDay.map(\.weekday.rawValue))
            let weekStart = rule.weekStart.rawValue
            weekdayOffsets = (0..<7).filter { chosen.contains((weekStart + $0) % 7) }
        } else {
            weekdayOffsets = nil
        }
        if !Self.canEverMatch(rule: rule, start: start, timesPerPeriod: times.count) {
            isFinished = true
        } else if count == nil, let near {
            period = max(0, periodIndex(containing: near))
        }
    }

    /// Static checks for rules that can never produce anything, answered without iterating.
    private static func canEverMatch(rule: RecurrenceRule, start: CivilDateTime, timesPerPeriod: Int) -> Bool {
        // BYSETPOS positions beyond the largest possible period set select nothing.
        if !rule.bySetPos.isEmpty {
            let daysPerPeriod: Int =
                switch rule.frequency {
                case .yearly: 366
                case .monthly: 31
                case .weekly: 7
                default: 1
                }
            let largest = daysPerPeriod * timesPerPeriod
            if rule.bySetPos.allSatisfy({ abs($0) > largest }) { return false }
        }
        // A sub-daily step reaches only the periods whose start, as a time of day, is congruent to the first
        // period's modulo gcd(step, 1 day).
        if rule.frequency.isSubDaily {
            let unit = rule.frequency.unitSeconds
            let step = Int64(rule.interval) * unit
            let modulus = gcd64(step, 86_400)
            let startResidue = Int64(start.secondOfDay) / unit * unit % modulus
            let hours = rule.byHour.isEmpty ? Array(0..<24) : rule.byHour
            let minutes = rule.frequency == .hourly || rule.byMinute.isEmpty ? Array(0..<60) : rule.byMinute
            let seconds = rule.frequency != .secondly || rule.bySecond.isEmpty ? Array(0..<60) : rule.bySecond
            var reachable = false
            search: for hour in hours {
                for minute in minutes {
                    for second in seconds {
                        let periodStart = Int64(hour * 3600 + minute * 60 + second) / unit * unit
                        if periodStart % modulus == startResidue {
                            reachable = true
                            break search
                        }
                    }
                }
            }
            if !reachable { return false }
        }
        return true
    }

    /// The index of the period that holds `wall` (may be negative: before DTSTART's period).
    private func periodIndex(containing wall: Int64) -> Int64 {
        let dateTime = CivilDateTime(secondsSinceLocalEpoch: wall)
        let step = Int64(interval)
        switch frequency {
        case .yearly:
            return floorDiv(Int64(dateTime.date.year) - base, step)
        case .monthly:
            return floorDiv(Int64(dateTime.date.year * 12 + dateTime.date.month - 1) - base, step)
        case .weekly:
            return floorDiv(Int64(dateTime.date.daysSinceEpoch) - base, 7 * step)
        case .daily:
            return floorDiv(Int64(dateTime.date.daysSinceEpoch) - base, step)
        case .hourly, .minutely, .secondly:
            return floorDiv(floorDiv(wall, frequency.unitSeconds) - base, step)
        }
    }

    /// The next wall time (seconds since the local epoch), or `nil` when the rule has ended.
    mutating func next() -> Int64? {
        while bufferIndex == buffer.count {
            if isFinished { return nil }
            fillNextPeriod()
        }
        defer { bufferIndex += 1 }
        return buffer[bufferIndex]
    }

    /// Builds the next period's candidates into `buffer` (possibly none), or marks the expander finished.
    private mutating func fillNextPeriod() {
        buffer.removeAll(keepingCapacity: true)
        bufferIndex = 0
        // Move the scratch storage out for the duration, so filling it does not overlap other access to self.
        var candidates: [Int64] = []
        swap(&candidates, &scratch)
        candidates.removeAll(keepingCapacity: true)
        defer { swap(&candidates, &scratch) }
        if frequency.isSubDaily {
            guard subDailyCandidates(into: &candidates) else { return }
        } else {
            dailyOrCoarserCandidates(into: &candidates)
            period += 1
        }
        if isFinished { return }
        if !setPositions.isEmpty, !selectedFromMask { select(in: &candidates) }
        selectedFromMask = false
        if candidates.isEmpty {
            // Sub-daily periods with nothing in them are counted per day by `noteEmptyDay`.
            if !frequency.isSubDaily { noteEmpty() }
            return
        }
        emptyRun = 0
        lastEmptyDay = .min
        for wall in candidates where wall >= startWall {
            if let untilWall, wall > untilWall {
                isFinished = true
                return
            }
            if let count {
                if produced == count {
                    isFinished = true
                    return
                }
                produced += 1
            }
            buffer.append(wall)
        }
        if let count, produced == count { isFinished = true }
    }

    /// BYSETPOS: keeps the members of the period's sorted set at the given 1-based positions (negative from the
    /// end), in order and without repeats, compacting the set in place.
    private mutating func select(in set: inout [Int64]) {
        selection.removeAll(keepingCapacity: true)
        for position in setPositions {
            let index = position > 0 ? position - 1 : set.count + position
            if index >= 0, index < set.count { selection.append(index) }
        }
        selection.sort()
        var kept = 0
        var previous = -1
        for index in selection where index != previous {
            set[kept] = set[index]
            kept += 1
            previous = index
        }
        set.removeLast(set.count - kept)
    }

    /// YEARLY, MONTHLY, WEEKLY and DAILY: the days of the current period that pass the filter, times `times`.
    private mutating func dailyOrCoarserCandidates(into candidates: inout [Int64]) {
        let step = Int64(interval)
        func addDay(_ day: Int, _ date: CivilDate) {
            guard filter.matches(day: day, date: date) else { return }
            let midnight = Int64(day) * 86_400
            for time in times { candidates.append(midnight + time) }
        }
        func addMonth(_ month: Int, _ tables: YearTables) {
            var mask = filter.monthMask(month: month, tables: tables)
            guard mask != 0 else { return }
            let first = Int64(CivilDate(year: tables.year, month: month, day: 1).daysSinceEpoch - 1)
            times.withUnsafeBufferPointer { times in
                while mask != 0 {
                    let day = Int64(mask.trailingZeroBitCount)
                    mask &= mask - 1
                    let midnight = (first + day) * 86_400
                    for time in times { candidates.append(midnight + time) }
                }
            }
        }
        switch frequency {
        case .yearly:
            let year = Int(base + period * step)
            guard year <= RecurrenceLimits.maxYear else { return finish() }
            let tables = yearTables(year)
            for month in 1...12 where filter.allows(month: month) { addMonth(month, tables) }
        case .monthly:
            let index = base + period * step
            let year = Int(floorDiv(index, 12))
            let month = Int(index - Int64(year) * 12) + 1
            guard year <= RecurrenceLimits.maxYear else { return finish() }
            guard filter.allows(month: month) else { return }
            if !setPositions.isEmpty, times.count == 1 {
                // One time a day: the period's set is the month's days, so BYSETPOS picks bits of the mask.
                let tables = yearTables(year)
                let mask = Self.select(setPositions, fromBits: filter.monthMask(month: month, tables: tables))
                let first = Int64(CivilDate(year: year, month: month, day: 1).daysSinceEpoch - 1)
                var bits = mask
                while bits != 0 {
                    let day = Int64(bits.trailingZeroBitCount)
                    bits &= bits - 1
                    candidates.append((first + day) * 86_400 + times[0])
                }
                selectedFromMask = true
                return
            }
            addMonth(month, yearTables(year))
        case .weekly:
            let first = Int(base + period * 7 * step)
            guard CivilDate(daysSinceEpoch: first).year <= RecurrenceLimits.maxYear else { return finish() }
            if let weekdayOffsets {
                for offset in weekdayOffsets {
                    let midnight = Int64(first + offset) * 86_400
                    for time in times { candidates.append(midnight + time) }
                }
            } else {
                for day in first..<first + 7 { addDay(day, CivilDate(daysSinceEpoch: day)) }
            }
        default:
            let day = Int(base + period * step)
            let date = CivilDate(daysSinceEpoch: day)
            guard date.year <= RecurrenceLimits.maxYear else { return finish() }
            addDay(day, date)
        }
    }

    /// HOURLY, MINUTELY and SECONDLY: the current period's candidates; jumps past days, hours and minutes that a
    /// filter rejects. Returns false when the period holds nothing (counted toward `emptyLimit` once per day).
    private mutating func subDailyCandidates(into candidates: inout [Int64]) -> Bool {
        let unit = frequency.unitSeconds
        let step = Int64(interval)
        let wall = (base + period * step) * unit
        let day = floorDiv(wall, 86_400)
        let date = CivilDate(daysSinceEpoch: Int(day))
        guard date.year <= RecurrenceLimits.maxYear else {
            finish()
            return false
        }
        let secondOfDay = wall - day * 86_400
        let hour = Int(secondOfDay / 3600)
        let minute = Int(secondOfDay % 3600 / 60)
        let second = Int(secondOfDay % 60)

        if !filter.matches(day: Int(day), date: date) {
            var nextDay = day + 1
            if !filter.allows(month: date.month) {
                // Jump to the first day of the next allowed month.
                var year = date.year
                var month = date.month
                repeat {
                    month += 1
                    if month > 12 {
                        month = 1
                        year += 1
                    }
                } while !filter.allows(month: month)
                nextDay = Int64(CivilDate(year: year, month: month, day: 1).daysSinceEpoch)
            }
            skip(to: nextDay * 86_400)
            noteEmptyDay(day)
            return false
        }
        if hours & (1 << UInt32(hour)) == 0 {
            skip(to: day * 86_400 + Int64(hour + 1) * 3600)
            noteEmptyDay(day)
            return false
        }
        if frequency != .hourly, minutes & (1 << UInt64(minute)) == 0 {
            skip(to: day * 86_400 + Int64(hour * 3600 + (minute + 1) * 60))
            noteEmptyDay(day)
            return false
        }
        if frequency == .secondly, seconds & (1 << UInt64(second)) == 0 {
            period += 1
            noteEmptyDay(day)
            return false
        }
        period += 1
        for time in times { candidates.append(wall + time) }
        return true
    }

    /// The mask's bits at the given 1-based positions among its set bits (negative: from the last).
    private static func select(_ positions: [Int], fromBits mask: UInt64) -> UInt64 {
        let count = mask.nonzeroBitCount
        var chosen: UInt64 = 0
        for position in positions {
            var index = position > 0 ? position - 1 : count + position
            guard index >= 0, index < count else { continue }
            var bits = mask
            while index > 0 {
                bits &= bits - 1
                index -= 1
            }
            chosen |= bits & (~bits &+ 1)
        }
        return chosen
    }

    /// The tables of `year`, kept for the next period of the same year.
    private mutating func yearTables(_ year: Int) -> YearTables {
        if let cached = cachedYearTables, cached.year == year { return cached }
        let tables = YearTables(year: year, filter: filter)
        cachedYearTables = tables
        return tables
    }

    /// Moves to the first period that starts at or after `wall`.
    private mutating func skip(to wall: Int64) {
        let target = ceilDiv(floorDiv(wall, frequency.unitSeconds) - base, Int64(interval))
        period = max(period + 1, target)
    }

    /// Counts a day with nothing in it toward the empty limit (sub-daily rules count days, not periods).
    private mutating func noteEmptyDay(_ day: Int64) {
        guard day != lastEmptyDay else { return }
        lastEmptyDay = day
        noteEmpty()
    }

    private mutating func noteEmpty() {
        emptyRun += 1
        if emptyRun > emptyLimit { isFinished = true }
    }

    private mutating func finish() {
        isFinished = true
    }
}

@inline(__always)
func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}

@inline(__always)
func ceilDiv(_ a: Int64, _ b: Int64) -> Int64 {
    -floorDiv(-a, b)
}

func gcd(_ a: Int, _ b: Int) -> Int {
    b == 0 ? a : gcd(b, a % b)
}

func gcd64(_ a: Int64, _ b: Int64) -> Int64 {
    b == 0 ? a : gcd64(b, a % b)
}
