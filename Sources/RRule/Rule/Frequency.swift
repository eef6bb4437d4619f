/// RFC 5545 `FREQ`: the base period of a rule.
public enum Frequency: String, CaseIterable, Hashable, Sendable {
    case secondly = "SECONDLY"
    case minutely = "MINUTELY"
    case hourly = "HOURLY"
    case daily = "DAILY"
    case weekly = "WEEKLY"
    case monthly = "MONTHLY"
    case yearly = "YEARLY"

    /// True for `HOURLY`, `MINUTELY` and `SECONDLY`, whose periods are shorter than a day.
    var isSubDaily: Bool {
        self == .hourly || self == .minutely || self == .secondly
    }

    /// The period length in seconds for sub-daily frequencies.
    var unitSeconds: Int64 {
        switch self {
        case .secondly: 1
        case .minutely: 60
        case .hourly: 3600
        default: 86_400
        }
    }
}

/// One `BYDAY` entry: a weekday, optionally with an ordinal (`-1FR` is the last Friday).
public struct WeekdayNumber: Hashable, Sendable, CustomStringConvertible {
    public var weekday: Weekday
    /// `nil` for every such weekday; otherwise ±1 … ±53.
    public var ordinal: Int?

    public init(_ weekday: Weekday, ordinal: Int? = nil) {
        self.weekday = weekday
        self.ordinal = ordinal
    }

    public var description: String {
        (ordinal.map(String.init) ?? "") + weekday.code
    }
}
