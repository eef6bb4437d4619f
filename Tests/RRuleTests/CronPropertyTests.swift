import SundialTesting
import Testing

@testable import RRule

/// Random expressions checked against `CronModel`, a naive reading of cron written independently of the parser
/// and the search.
@Suite struct CronPropertyTests {
    /// A random expression whose fields mix every entry kind.
    static func randomModel(_ random: inout SplitMix64, seconds: Bool) -> CronModel {
        func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
        func chance(_ percent: Int) -> Bool { int(1...100) <= percent }
        func plain(min: Int, max: Int, steps: [Int]) -> ModelEntry {
            switch int(0...3) {
            case 0: return .any(step: steps.randomElement(using: &random)!, question: false)
            case 1:
                let a = int(min...max)
                let b = int(min...max)
                return .range(a, b, step: chance(50) ? 1 : int(1...4), openEnded: false)
            case 2: return .range(int(min...max), max, step: int(2...5), openEnded: true)
            default:
                let value = int(min...max)
                return .range(value, value, step: 1, openEnded: false)
            }
        }
        func list(min: Int, max: Int, steps: [Int], star: Int) -> [ModelEntry] {
            if chance(star) { return [.any(step: 1, question: false)] }
            return (0..<int(1...3)).map { _ in plain(min: min, max: max, steps: steps) }
        }
        let dayOfMonth: [ModelEntry]
        if chance(45) {
            dayOfMonth = [.any(step: chance(80) ? 1 : int(2...3), question: chance(20))]
        } else {
            dayOfMonth = (0..<int(1...3)).map { _ in
                switch int(0...6) {
                case 0: .last(offset: chance(50) ? 0 : int(1...5))
                case 1: .lastWeekdayOfMonth
                case 2: .nearestWeekday(chance(30) ? 1 : int(1...31))
                default: plain(min: 1, max: 31, steps: [2, 3, 7])
                }
            }
        }
        let dayOfWeek: [ModelEntry]
        if chance(50) {
            dayOfWeek = [.any(step: chance(85) ? 1 : 2, question: chance(20))]
        } else {
            dayOfWeek = (0..<int(1...3)).map { _ in
                switch int(0...5) {
                case 0: .lastOfMonth(weekday: int(0...7))
                case 1: .nth(weekday: int(0...7), k: int(1...5))
                case 2: .range(7, 7, step: 1, openEnded: false)
                case 3:
                    // A plain range, possibly ending at 7 (Sunday) or wrapping (FRI-MON).
                    chance(50)
                        ? .range(int(0...6), 7, step: chance(50) ? 1 : 2, openEnded: false)
                        : .range(int(1...6), int(0...5), step: 1, openEnded: false)
                default: plain(min: 0, max: 6, steps: [2, 3])
                }
            }
        }
        return CronModel(
            seconds: seconds ? list(min: 0, max: 59, steps: [5, 15, 20], star: 20) : nil,
            minutes: list(min: 0, max: 59, steps: [5, 10, 15, 30], star: 15),
            hours: list(min: 0, max: 23, steps: [2, 3, 6], star: 25),
            daysOfMonth: dayOfMonth,
            months: list(min: 1, max: 12, steps: [2, 3], star: 60),
            daysOfWeek: dayOfWeek,
            names: chance(30))
    }

    /// The first wall time after `after` that the model matches, scanning day by day and then minute by minute
    /// (second by second for six fields), or nil when none comes before `limit`.
    static func referenceNext(_ model: CronModel, after: CivilDateTime, limit: CivilDate) -> CivilDateTime? {
        let hours = Set(CronModel.allowed(model.hours, min: 0, max: 23))
        let minutes = Set(CronModel.allowed(model.minutes, min: 0, max: 59))
        let seconds = model.seconds.map { Set(CronModel.allowed($0, min: 0, max: 59)) } ?? [0]
        var date = after.date
        while date <= limit {
            if model.dayMatches(date) {
                for hour in 0..<24 where hours.contains(hour) {
                    for minute in 0..<60 where minutes.contains(minute) {
                        for second in 0..<60 where seconds.contains(second) {
                            let wall = CivilDateTime(date: date, hour: hour, minute: minute, second: second)
                            if wall > after { return wall }
                        }
                    }
                }
            }
            date = date.adding(days: 1)
        }
        return nil
    }

    @Test func randomExpressionsAgreeWithTheNaiveMatcherInUTC() throws {
        var random = SplitMix64(seed: 0x5EED_C0DE)
        var compared = 0
        for index in 0..<300 {
            let model = Self.randomModel(&random, seconds: index % 5 == 0)
            let expression = try CronExpression(parsing: model.description)
            let start = Instant(secondsSinceEpoch: Int64.random(in: 1_577_836_800...1_893_456_000, using: &random))
            let limit = start.utc.date.adding(days: index % 5 == 0 ? 3 : 70)
            let expected = Self.referenceNext(model, after: start.utc, limit: limit)
            let actual = expression.next(after: start)
            if let expected {
                #expect(actual?.local == expected, "\(model) after \(start)")
                compared += 1
            } else if let actual {
                #expect(actual.local.date > limit, "\(model) after \(start)")
            }
            // Twenty in a row: strictly increasing, each matching every field.
            var previous = start
            for occurrence in expression.occurrences(after: start).prefix(20) {
                #expect(occurrence.instant > previous, "\(model)")
                #expect(model.matches(occurrence.local), "\(model) at \(occurrence)")
                #expect(occurrence.offset == .utc && occurrence.local == occurrence.instant.utc)
                previous = occurrence.instant
            }
            // The canonical form parses back to an equal expression.
            #expect(try CronExpression(parsing: expression.description) == expression, "\(model)")
        }
        // The generator must exercise the comparison, not only the "no match in range" branch.
        #expect(compared > 200)
    }

    /// Every occurrence in `(after, after + horizon]` by brute force: each matching wall time minute by minute,
    /// resolved with `Zone.resolve` and `DSTPolicy.instants(for:)`, then sorted with duplicates removed.
    static func referenceOccurrences(
        _ model: CronModel, zone: Zone, policy: DSTPolicy, after: Instant,
        horizon: Int64
    ) -> [Instant] {
        let end = after.adding(seconds: horizon)
        let first = zone.localTime(at: after).secondsSinceLocalEpoch - 3 * 3600
        let last = zone.localTime(at: end).secondsSinceLocalEpoch + 3 * 3600
        var found = Set<Instant>()
        for minute in stride(from: first - first % 60, through: last, by: 60) {
            let wall = CivilDateTime(secondsSinceLocalEpoch: minute)
            guard model.matches(wall) else { continue }
            for instant in policy.instants(for: zone.resolve(wall)) where instant > after && instant <= end {
                found.insert(instant)
            }
        }
        return found.sorted()
    }

    static let transitions: [(zone: String, instant: Int64)] = [
        ("America/New_York", 1_772_953_200),  // 2026-03-08 02:00 EST → 03:00 EDT
        ("America/New_York", 1_793_512_800),  // 2026-11-01 02:00 EDT → 01:00 EST
        ("Europe/Paris", 1_774_746_000),  // 2026-03-29 02:00 CET → 03:00 CEST
        ("Europe/Paris", 1_792_890_000),  // 2026-10-25 03:00 CEST → 02:00 CET
        ("Australia/Lord_Howe", 1_775_314_800),  // 2026-04-05 02:00 → 01:30 (+11 → +10:30)
        ("Australia/Lord_Howe", 1_791_041_400),  // 2026-10-04 02:00 → 02:30 (+10:30 → +11)
        ("America/Santiago", 1_775_358_000),  // 2026-04-05 00:00 → 2026-04-04 23:00 (-03 → -04)
        ("America/Santiago", 1_788_667_200),  // 2026-09-06 00:00 → 01:00 (-04 → -03)
        ("Pacific/Chatham", 1_775_311_200),  // 2026-04-05 03:45 → 02:45 (+13:45 → +12:45)
        ("Pacific/Chatham", 1_790_431_200),  // 2026-09-27 02:45 → 03:45 (+12:45 → +13:45)
    ]

    @Test func randomExpressionsAroundTransitionsAgreeWithBruteForce() throws {
        var random = SplitMix64(seed: 0xD57_2026)
        let hourChoices = ["*", "0-4", "1,2", "2", "1-3/2", "22-3", "*/2", "23,0", "3"]
        let minuteChoices = ["*/15", "0,30", "*/20", "10,20,30,40,50", "*/7", "45", "0-59/29"]
        let policies = DSTPolicy.Gap.allCases.flatMap { gap in
            DSTPolicy.Overlap.allCases.map { DSTPolicy(gap: gap, overlap: $0) }
        }
        var total = 0
        for index in 0..<200 {
            var model = Self.randomModel(&random, seconds: false)
            let hours = hourChoices.randomElement(using: &random)!
            let minutes = minuteChoices.randomElement(using: &random)!
            if index % 2 == 0 {
                model.daysOfMonth = [.any(step: 1, question: false)]
                model.daysOfWeek = [.any(step: 1, question: false)]
                model.months = [.any(step: 1, question: false)]
            }
            model.hours = Self.entries(hours)
            model.minutes = Self.entries(minutes)
            let (name, transition) = Self.transitions[index % Self.transitions.count]
            let zone = try Zone(identifier: name)
            let policy = policies.randomElement(using: &random)!
            let expression = try CronExpression(parsing: model.description, zone: zone, dstPolicy: policy)
            let after = Instant(secondsSinceEpoch: transition + Int64.random(in: -30 * 3600...6 * 3600, using: &random))
            let horizon: Int64 = 2 * 86_400
            let expected = Self.referenceOccurrences(model, zone: zone, policy: policy, after: after, horizon: horizon)
            let actual = expression.occurrences(after: after).prefix { $0.instant <= after.adding(seconds: horizon) }
            #expect(actual.map(\.instant) == expected, "\(model) in \(name) \(policy) after \(after)")
            for occurrence in actual {
                #expect(occurrence.local == zone.localTime(at: occurrence.instant))
                #expect(occurrence.offset == .seconds(zone.utcOffset(at: occurrence.instant)))
            }
            total += expected.count
        }
        #expect(total > 1000)
    }

    /// The model entries of a simple field text (numbers, `*`, ranges, steps), for the zoned test's time fields.
    static func entries(_ text: String) -> [ModelEntry] {
        text.split(separator: ",").map { entry -> ModelEntry in
            let parts = entry.split(separator: "/")
            let step = parts.count == 2 ? Int(parts[1])! : 1
            if parts[0] == "*" { return .any(step: step, question: false) }
            let ends = parts[0].split(separator: "-").map { Int($0)! }
            return .range(ends[0], ends.count == 2 ? ends[1] : ends[0], step: step, openEnded: false)
        }
    }
}
