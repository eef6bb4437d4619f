/// One of the six fields of a cron expression, named as error messages and documentation name it.
public enum CronField: String, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    case second
    case minute
    case hour
    case dayOfMonth = "day-of-month"
    case month
    case dayOfWeek = "day-of-week"

    /// The smallest value the field accepts.
    var minimum: Int {
        switch self {
        case .dayOfMonth, .month: 1
        default: 0
        }
    }

    /// The largest value the field accepts (7 in day-of-week, an alias of Sunday = 0).
    var maximum: Int {
        switch self {
        case .second, .minute: 59
        case .hour: 23
        case .dayOfMonth: 31
        case .month: 12
        case .dayOfWeek: 7
        }
    }

    /// The largest value `*` and `a/n` reach: day-of-week stops at Saturday = 6.
    var cycleMaximum: Int { self == .dayOfWeek ? 6 : maximum }

    /// What the field accepts, for error messages.
    var accepted: String {
        switch self {
        case .second, .minute, .hour:
            "numbers \(minimum)–\(maximum), '*', ranges 'a-b', steps '*/n', 'a-b/n' or 'a/n', and lists 'a,b'"
        case .dayOfMonth:
            "numbers 1–31, '*', '?', ranges, steps, lists, 'L' (last day), 'L-n' (n days before the last), "
                + "'LW' (last weekday) and 'nW' (weekday nearest day n)"
        case .month:
            "numbers 1–12 or names JAN–DEC, '*', ranges, steps and lists"
        case .dayOfWeek:
            "numbers 0–7 (0 and 7 are Sunday) or names SUN–SAT, '*', '?', ranges, steps, lists, "
                + "'nL' (last weekday n of the month, e.g. 5L or FRIL) and 'n#k' (k-th weekday n, k 1–5)"
        }
    }

    public var description: String { rawValue }
}
