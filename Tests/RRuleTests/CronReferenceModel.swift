import RRule
import SundialTesting

/// One list entry of a cron field, kept as written and matched by direct date arithmetic: an independent reading
/// of cron to check `CronExpression` against.
enum ModelEntry {
    /// `*` or `*/step` (or `?`).
    case any(step: Int, question: Bool)
    /// `a`, `a-b`, `a-b/step` or `a/step`; `a > b` wraps around.
    case range(Int, Int, step: Int, openEnded: Bool)
    /// `L` (offset 0) or `L-offset`.
    case last(offset: Int)
    case lastWeekdayOfMonth
    case nearestWeekday(Int)
    /// `nL`.
    case lastOfMonth(weekday: Int)
    /// `n#k`.
    case nth(weekday: Int, k: Int)
}

/// A cron expression as lists of entries per field, with its text and a naive matcher.
struct CronModel: CustomStringConvertible {
    var seconds: [ModelEntry]?
    var minutes: [ModelEntry]
    var hours: [ModelEntry]
    var daysOfMonth: [ModelEntry]
    var months: [ModelEntry]
    var daysOfWeek: [ModelEntry]
    /// Write months and weekdays as names where possible.
    var names = false

    static let monthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
    static let dayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]

    var description: String {
        var fields: [String] = []
        if let seconds { fields.append(render(seconds, kind: 0)) }
        fields += [
            render(minutes, kind: 0), render(hours, kind: 0), render(daysOfMonth, kind: 0),
            render(months, kind: 1), render(daysOfWeek, kind: 2),
        ]
        return fields.joined(separator: " ")
    }

    private func render(_ entries: [ModelEntry], kind: Int) -> String {
        func value(_ v: Int) -> String {
            guard names else { return String(v) }
            if kind == 1 { return Self.monthNames[v - 1].lowercased() }
            // 7 stays a number: `SUN-SUN` would mean Sunday alone, not `0-7`.
            if kind == 2, v < 7 { return Self.dayNames[v] }
            return String(v)
        }
        return entries.map { entry -> String in
            switch entry {
            case .any(let step, let question): step == 1 ? (question ? "?" : "*") : "*/\(step)"
            case .range(let a, let b, let step, let openEnded):
                openEnded
                    ? "\(value(a))/\(step)"
                    : a == b && step == 1 ? value(a) : "\(value(a))-\(value(b))" + (step == 1 ? "" : "/\(step)")
            case .last(let offset): offset == 0 ? "L" : "L-\(offset)"
            case .lastWeekdayOfMonth: "LW"
            case .nearestWeekday(let day): "\(day)W"
            case .lastOfMonth(let weekday): "\(value(weekday))L"
            case .nth(let weekday, let k): "\(value(weekday))#\(k)"
            }
        }.joined(separator: ",")
    }

    /// Whether `wall` matches every field, read the slow and obvious way.
    func matches(_ wall: CivilDateTime) -> Bool {
        timeMatches(hour: wall.hour, minute: wall.minute, second: wall.second) && dayMatches(wall.date)
    }

    func timeMatches(hour: Int, minute: Int, second: Int) -> Bool {
        let secondOK = seconds.map { Self.allowed($0, min: 0, max: 59).contains(second) } ?? (second == 0)
        return secondOK && Self.allowed(minutes, min: 0, max: 59).contains(minute)
            && Self.allowed(hours, min: 0, max: 23).contains(hour)
    }

    func dayMatches(_ date: CivilDate) -> Bool {
        guard Self.allowed(months, min: 1, max: 12).contains(date.month) else { return false }
        let length = CivilDate.daysIn(month: date.month, year: date.year)
        let sunday0 = (date.weekday.rawValue + 1) % 7
        let byDay = daysOfMonth.contains { entry in
            switch entry {
            case .last(let offset):
                return date.day == length - offset
            case .lastWeekdayOfMonth:
                return isWorkday(date)
                    && (date.day + 1..<length + 1).allSatisfy { day in
                        !isWorkday(CivilDate(year: date.year, month: date.month, day: day))
                    }
            case .nearestWeekday(let target):
                // The workday of the month closest to the target (or to the last day when the month is shorter).
                let anchor = min(target, length)
                let workdays = (1...length).filter { isWorkday(CivilDate(year: date.year, month: date.month, day: $0)) }
                return workdays.min { abs($0 - anchor) < abs($1 - anchor) } == date.day
            default:
                return Self.allowed([entry], min: 1, max: 31).contains(date.day)
            }
        }
        let byWeekday = daysOfWeek.contains { entry in
            switch entry {
            case .lastOfMonth(let weekday): return sunday0 == weekday % 7 && date.day + 7 > length
            case .nth(let weekday, let k): return sunday0 == weekday % 7 && (date.day - 1) / 7 + 1 == k
            default: return Self.allowed([entry], min: 0, max: 6).contains { $0 % 7 == sunday0 }
            }
        }
        if case .any = daysOfMonth[0] { return byDay && byWeekday }
        if case .any = daysOfWeek[0] { return byDay && byWeekday }
        return byDay || byWeekday
    }

    private func isWorkday(_ date: CivilDate) -> Bool { date.weekday.rawValue < 5 }

    /// Every value the plain entries list, spelled out; `max` is where `*` and `a/n` stop.
    static func allowed(_ entries: [ModelEntry], min: Int, max: Int) -> [Int] {
        entries.flatMap { entry -> [Int] in
            switch entry {
            case .any(let step, _):
                return Array(stride(from: min, through: max, by: step))
            case .range(let a, let b, let step, let openEnded):
                if openEnded { return Array(stride(from: a, through: max, by: step)) }
                if a <= b { return Array(stride(from: a, through: b, by: step)) }
                let wrapped = Array(a...max) + Array(min...b)
                return stride(from: 0, to: wrapped.count, by: step).map { wrapped[$0] }
            default:
                return []
            }
        }
    }
}
