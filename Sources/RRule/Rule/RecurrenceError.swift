/// A recurrence that cannot be parsed or is not allowed, with the part at fault and what would be accepted.
public struct RecurrenceError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable machine-readable code, e.g. `rrule.outOfRange`.
    public var code: String
    /// The rule part or property at fault, e.g. `BYMONTHDAY` or `DTSTART`.
    public var part: String
    /// What was wrong and what is accepted.
    public var message: String

    public init(code: String, part: String, message: String) {
        self.code = code
        self.part = part
        self.message = message
    }

    public var description: String { message }

    static func syntax(_ part: String, _ message: String) -> RecurrenceError {
        RecurrenceError(code: "rrule.syntax", part: part, message: message)
    }

    static func outOfRange(_ part: String, _ message: String) -> RecurrenceError {
        RecurrenceError(code: "rrule.outOfRange", part: part, message: message)
    }

    static func notAllowed(_ part: String, _ message: String) -> RecurrenceError {
        RecurrenceError(code: "rrule.notAllowed", part: part, message: message)
    }

    static func tooLarge(_ part: String, _ message: String) -> RecurrenceError {
        RecurrenceError(code: "rrule.tooLarge", part: part, message: message)
    }
}

/// Limits on input sizes, so a hostile or mistaken rule cannot make the agent allocate or loop without bound.
public enum RecurrenceLimits {
    /// Longest accepted recurrence text (bytes).
    public static let maxTextLength = 65_536
    /// Most values in one BYxxx list.
    public static let maxListLength = 400
    /// Largest COUNT.
    public static let maxCount = 10_000_000
    /// Largest INTERVAL.
    public static let maxInterval = 1_000_000
    /// Most RDATE plus EXDATE values in a set.
    public static let maxDates = 10_000
    /// Most RRULE lines in a set.
    public static let maxRules = 32
    /// The last year any recurrence reaches (as RFC 5545's four-digit years and python-dateutil).
    public static let maxYear = 9999
}
