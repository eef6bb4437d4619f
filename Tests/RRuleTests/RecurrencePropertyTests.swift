import SundialTesting
import Testing

@testable import RRule

/// Random rules checked against a reference that decides membership one candidate at a time, instead of
/// generating periods: a wall time is an occurrence when its period is a multiple of INTERVAL periods after
/// DTSTART's, every BYxxx part admits it, and it is not before DTSTART.
@Suite struct RecurrencePropertyTests {
    struct Case: CustomStringConvertible {
        var rule: RecurrenceRule
        var start: CivilDateTime
        var description: String { "DTSTART:\(start.iCalendar)\nRRULE:\(rule)" }
    }

    static func randomCase(_ random: inout SplitMix64) -> Case {
        func pick<T>(_ values: [T]) -> T { values[Int(random.next() % UInt64(values.count))] }
        func chance(_ percent: UInt64) -> Bool { random.next() % 100 < percent }
        func some(_ values: [Int], _ most: Int) -> [Int] {
            Array(Set((0..<(1 + Int(random.next() % UInt64(most)))).map { _ in pick(values) })).sorted()
        }
        let frequency = pick([Frequency.yearly, .monthly, .weekly, .daily, .daily, .hourly, .minutely, .secondly])
        var rule = RecurrenceRule(frequency: frequency)
        if chance(40) { rule.interval = 1 + Int(random.next() % 4) }
        if chance(35) { rule.byMonth = some(Array(1...12), 4) }
        if frequency != .weekly, chance(30) { rule.byMonthDay = some([1, 2, 13, 28, 29, 30, 31, -1, -2, -7], 3) }
        if [.yearly, .hourly, .minutely, .secondly].contains(frequency), chance(20) {
            rule.byYearDay = some([1, 32, 59, 60, 100, 256, 365, 366, -1, -365], 3)
        }
        if frequency == .yearly, chance(30) { rule.byWeekNo = some([1, 2, 10, 26, 52, 53, -1, -2], 3) }
        if chance(45) {
            let ordinals = (frequency == .monthly || frequency == .yearly) && rule.byWeekNo.isEmpty && chance(50)
            let count = 1 + Int(random.next() % 3)
            rule.byDay = (0..<count).map { _ in
                WeekdayNumber(pick(Weekday.allCases), ordinal: ordinals ? pick([1, 2, 3, -1, -2]) : nil)
            }
            rule.byDay = Array(Set(rule.byDay)).sorted {
                ($0.ordinal == nil ? 0 : 1, $0.ordinal ?? 0, $0.weekday) < ($1.ordinal == nil ? 0 : 1, $1.ordinal ?? 0, $1.weekday)
            }
        }
        if chance(30) || frequency == .minutely || frequency == .secondly { rule.byHour = some(Array(0...23), 3) }
        if chance(30) || frequency == .secondly { rule.byMinute = some([0, 1, 15, 30, 59], 2) }
        if chance(20) || frequency == .secondly { rule.bySecond = some([0, 7, 30], 2) }
        if chance(20) { rule.weekStart = pick(Weekday.allCases) }
        let start = CivilDateTime(year: 1995 + Int(random.next() % 40), month: 1 + Int(random.next() % 12),
                                  day: 1 + Int(random.next() % 28), hour: Int(random.next() % 24),
                                  minute: pick([0, 30, 45]), second: pick([0, 0, 7]))
        return Case(rule: rule, start: start)
    }

    /// The reference: every occurrence in `[start, start + days)`, by testing each candidate.
    static func reference(_ c: Case, days: Int) -> [Int64] {
        let rule = c.rule
        let start = c.start
        let noDayParts = rule.byWeekNo.isEmpty && rule.byYearDay.isEmpty && rule.byMonthDay.isEmpty && rule.byDay.isEmpty
        var months = rule.byMonth
        var monthDays = rule.byMonthDay
        var weekdays = rule.byDay
        if noDayParts {
            switch rule.frequency {
            case .yearly:
                if months.isEmpty { months = [start.date.month] }
                monthDays = [start.date.day]
            case .monthly: monthDays = [start.date.day]
            case .weekly: weekdays = [WeekdayNumber(start.date.weekday)]
            default: break
            }
        }
        let coarse = [Frequency.yearly, .monthly, .weekly, .daily].contains(rule.frequency)
        let hours = !rule.byHour.isEmpty ? rule.byHour : coarse ? [start.hour] : Array(0...23)
        let minutes = !rule.byMinute.isEmpty ? rule.byMinute
            : (coarse || rule.frequency == .hourly) ? [start.minute] : Array(0...59)
        let seconds = !rule.bySecond.isEmpty ? rule.bySecond : rule.frequency != .secondly ? [start.second] : Array(0...59)

        func weekStartDay(_ date: CivilDate) -> Int {
            date.daysSinceEpoch - (date.weekday.rawValue - rule.weekStart.rawValue + 7) % 7
        }
        func isoLikeWeek(_ date: CivilDate) -> (Int, Int) {
            // Count weeks by walking: the week's year is the year of its fourth day.
            let fourth = CivilDate(daysSinceEpoch: weekStartDay(date) + 3)
            var firstWeekStart = weekStartDay(CivilDate(year: fourth.year, month: 1, day: 4))
            if CivilDate(daysSinceEpoch: firstWeekStart + 3).year != fourth.year { firstWeekStart += 7 }
            let week = (weekStartDay(date) - firstWeekStart) / 7 + 1
            var nextFirst = weekStartDay(CivilDate(year: fourth.year + 1, month: 1, day: 4))
            if CivilDate(daysSinceEpoch: nextFirst + 3).year != fourth.year + 1 { nextFirst += 7 }
            return (week, (nextFirst - firstWeekStart) / 7)
        }
        func dayMatches(_ date: CivilDate) -> Bool {
            if !months.isEmpty, !months.contains(date.month) { return false }
            let monthLength = CivilDate.daysIn(month: date.month, year: date.year)
            if !monthDays.isEmpty, !monthDays.contains(date.day), !monthDays.contains(date.day - monthLength - 1) {
                return false
            }
            let yearLength = CivilDate.daysIn(year: date.year)
            if !rule.byYearDay.isEmpty, !rule.byYearDay.contains(date.dayOfYear),
                !rule.byYearDay.contains(date.dayOfYear - yearLength - 1)
            {
                return false
            }
            if !rule.byWeekNo.isEmpty {
                let (week, weeks) = isoLikeWeek(date)
                if !rule.byWeekNo.contains(week), !rule.byWeekNo.contains(week - weeks - 1) { return false }
            }
            if !weekdays.isEmpty {
                let inMonth = rule.frequency == .monthly || (rule.frequency == .yearly && !rule.byMonth.isEmpty)
                var matched = false
                for entry in weekdays where entry.weekday == date.weekday {
                    guard let ordinal = entry.ordinal else {
                        matched = true
                        continue
                    }
                    // Count same weekdays before and after within the month or year.
                    var before = 0
                    var after = 0
                    var probe = date.adding(days: -7)
                    while inMonth ? probe.month == date.month && probe.year == date.year : probe.year == date.year {
                        before += 1
                        probe = probe.adding(days: -7)
                    }
                    probe = date.adding(days: 7)
                    while inMonth ? probe.month == date.month && probe.year == date.year : probe.year == date.year {
                        after += 1
                        probe = probe.adding(days: 7)
                    }
                    if ordinal == before + 1 || ordinal == -(after + 1) { matched = true }
                }
                if !matched { return false }
            }
            return true
        }
        func periodMatches(_ wall: CivilDateTime) -> Bool {
            let step = rule.interval
            func multiple(_ difference: Int) -> Bool { ((difference % step) + step) % step == 0 }
            switch rule.frequency {
            case .yearly: return multiple(wall.date.year - start.date.year)
            case .monthly: return multiple((wall.date.year - start.date.year) * 12 + wall.date.month - start.date.month)
            case .weekly: return multiple((weekStartDay(wall.date) - weekStartDay(start.date)) / 7)
            case .daily: return multiple(wall.date.daysSinceEpoch - start.date.daysSinceEpoch)
            case .hourly, .minutely, .secondly:
                let unit = Int(rule.frequency.unitSeconds)
                let a = Int(floorDiv(wall.secondsSinceLocalEpoch, Int64(unit)))
                let b = Int(floorDiv(start.secondsSinceLocalEpoch, Int64(unit)))
                return multiple(a - b)
            }
        }
        var result: [Int64] = []
        for offset in 0..<days {
            let date = start.date.adding(days: offset)
            guard dayMatches(date) else { continue }
            for hour in hours {
                for minute in minutes {
                    for second in seconds {
                        let wall = CivilDateTime(date: date, hour: hour, minute: minute, second: second)
                        if wall >= start, periodMatches(wall) { result.append(wall.secondsSinceLocalEpoch) }
                    }
                }
            }
        }
        return result.sorted()
    }

    @Test func randomRulesMatchTheMembershipReference() throws {
        var random = SplitMix64(seed: 0x5eed_2026)
        var compared = 0
        for _ in 0..<600 {
            let c = Self.randomCase(&random)
            let days = [.yearly, .monthly, .weekly].contains(c.rule.frequency) ? 3 * 366 : c.rule.frequency == .daily ? 500 : 6
            let expected = Self.reference(c, days: days)
            let windowEnd = c.start.date.adding(days: days).daysSinceEpoch * 86_400
            let set = try RecurrenceSet(start: DateTimeValue(local: c.start, form: .floating), rules: [c.rule])
            var actual: [Int64] = []
            for occurrence in set.occurrences(after: nil) {
                let wall = occurrence.instant.secondsSinceEpoch
                if wall >= Int64(windowEnd) || actual.count > 2_000 { break }
                actual.append(wall)
            }
            #expect(actual == Array(expected.prefix(actual.count)) && actual.count == min(expected.count, 2_001),
                    "\(c)")
            compared += 1
            if actual != Array(expected.prefix(actual.count)) { break }
        }
        #expect(compared == 600)
    }

    @Test func nextAfterEqualsTheFirstLaterOccurrence() throws {
        var random = SplitMix64(seed: 42)
        for _ in 0..<300 {
            let c = Self.randomCase(&random)
            let set = try RecurrenceSet(start: DateTimeValue(local: c.start, form: .floating), rules: [c.rule])
            let all = Array(set.occurrences(after: nil).prefix(200))
            guard all.count >= 2 else { continue }
            // Strictly increasing.
            #expect(zip(all, all.dropFirst()).allSatisfy { $0.instant < $1.instant }, "\(c)")
            for _ in 0..<5 {
                let index = Int(random.next() % UInt64(all.count - 1))
                let between = Int64(random.next() % UInt64(max(1, all[index + 1].instant.secondsSinceEpoch - all[index].instant.secondsSinceEpoch)))
                let probe = all[index].instant.adding(seconds: between)
                #expect(set.next(after: probe) == all[index + 1], "\(c) after \(probe)")
            }
        }
    }

    @Test func countYieldsExactlyCount() throws {
        var random = SplitMix64(seed: 7)
        for _ in 0..<300 {
            var c = Self.randomCase(&random)
            let count = 1 + Int(random.next() % 40)
            let unbounded = try RecurrenceSet(start: DateTimeValue(local: c.start, form: .floating), rules: [c.rule])
            let available = Array(unbounded.occurrences(after: nil).prefix(count))
            c.rule.end = .count(count)
            let bounded = try RecurrenceSet(start: DateTimeValue(local: c.start, form: .floating), rules: [c.rule])
            #expect(Array(bounded.occurrences(after: nil).prefix(count + 5)) == available, "\(c)")
        }
    }

    @Test func parsePrintParseIsTheIdentity() throws {
        var random = SplitMix64(seed: 99)
        let zones = ["Europe/Paris", "America/New_York", "Australia/Lord_Howe"]
        for index in 0..<500 {
            var c = Self.randomCase(&random)
            if index % 3 == 0 { c.rule.end = .count(1 + index) }
            let start: DateTimeValue =
                switch index % 3 {
                case 0: DateTimeValue(local: c.start, form: .floating)
                case 1: DateTimeValue(local: c.start, form: .utc)
                default: DateTimeValue(local: c.start, form: .zoned(try Zone(identifier: zones[index % zones.count])))
                }
            let set = try RecurrenceSet(start: start, rules: [c.rule])
            #expect(try RecurrenceSet(parsing: set.description) == set)
        }
    }
}
