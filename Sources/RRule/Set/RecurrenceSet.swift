/// An RFC 5545 recurrence set: DTSTART, any number of RRULEs, RDATEs and EXDATEs, and the DST policy that turns
/// its wall times into instants.
///
/// DTSTART anchors every rule and is an occurrence only when a rule names it (as python-dateutil, rrule.js and
/// rrule-go do), except that a set with no RRULE at all is DTSTART plus its RDATEs: a one-shot. An EXDATE removes
/// the occurrences at its instant; a DATE-valued EXDATE in a DATE-TIME set removes every occurrence on that local
/// day. Occurrences come out strictly increasing: a wall time shifted out of a DST gap that lands on another
/// occurrence is produced once (it still counts toward COUNT, RFC 5545 erratum 4271).
public struct RecurrenceSet: Recurrence, Hashable, Sendable, CustomStringConvertible {
    public let start: DateTimeValue
    public let rules: [RecurrenceRule]
    /// RDATE values (PERIOD values keep their start).
    public let dates: [DateTimeValue]
    /// EXDATE values.
    public let exclusions: [DateTimeValue]
    public let dstPolicy: DSTPolicy
    /// The rule parts ignored because DTSTART is a DATE (`BYHOUR`, `BYMINUTE`, `BYSECOND`, in that order): RFC 5545
    /// §3.3.10 says they "MUST be ignored" beside a DATE DTSTART, so the rules keep only their day parts.
    public let ignoredTimeParts: [String]
    private let compiled: Compiled

    /// Makes a set from its parts, checking that they fit together.
    /// - Throws: `RecurrenceError` when UNTIL's type does not match DTSTART's, a DATE set has a sub-daily FREQ,
    ///   or a list is too long. BYHOUR, BYMINUTE and BYSECOND beside a DATE DTSTART are ignored
    ///   (`ignoredTimeParts`), as RFC 5545 requires.
    public init(start: DateTimeValue, rules: [RecurrenceRule], dates: [DateTimeValue] = [],
                exclusions: [DateTimeValue] = [], dstPolicy: DSTPolicy = .rfc5545) throws(RecurrenceError) {
        var rules = rules
        var ignored: [String] = []
        if start.isDate {
            for index in rules.indices {
                if !rules[index].byHour.isEmpty { ignored.append("BYHOUR"); rules[index].byHour = [] }
                if !rules[index].byMinute.isEmpty { ignored.append("BYMINUTE"); rules[index].byMinute = [] }
                if !rules[index].bySecond.isEmpty { ignored.append("BYSECOND"); rules[index].bySecond = [] }
            }
        }
        ignoredTimeParts = ["BYHOUR", "BYMINUTE", "BYSECOND"].filter(ignored.contains)
        try Self.check(start: start, rules: rules, dates: dates, exclusions: exclusions)
        self.start = start
        self.rules = rules
        self.dates = Self.canonicalOrder(dates)
        self.exclusions = Self.canonicalOrder(exclusions)
        self.dstPolicy = dstPolicy
        self.compiled = Compiled(start: start, rules: rules, dates: self.dates, exclusions: self.exclusions,
                                 policy: dstPolicy)
    }

    public static func == (lhs: RecurrenceSet, rhs: RecurrenceSet) -> Bool {
        lhs.start == rhs.start && lhs.rules == rhs.rules && lhs.dates == rhs.dates
            && lhs.exclusions == rhs.exclusions && lhs.dstPolicy == rhs.dstPolicy
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(start)
        hasher.combine(rules)
        hasher.combine(dates)
        hasher.combine(exclusions)
        hasher.combine(dstPolicy)
    }

    /// The zone the set's wall times are in, if it has one.
    public var zone: Zone? {
        switch start.form {
        case .zoned(let zone): zone
        case .utc: .utc
        case .date, .floating: nil
        }
    }

    /// The occurrences strictly after `instant` (from the first when `nil`), lazily.
    ///
    /// - Complexity: without COUNT, O(1) to reach `instant` plus the work of the periods scanned until the next
    ///   occurrence; a rule with COUNT is walked from DTSTART, O(n) in the occurrences before `instant`.
    public func occurrences(after instant: Instant?) -> Occurrences {
        Occurrences(set: self, after: instant)
    }

    /// The occurrences of a set after an instant, as a lazy sequence.
    public struct Occurrences: Sequence, Sendable {
        let set: RecurrenceSet
        let after: Instant?

        public func makeIterator() -> RecurrenceSetIterator {
            RecurrenceSetIterator(set: set, compiled: set.compiled, after: after)
        }
    }

    /// Sorted, without repeats, so equal sets compare equal whatever order their values were written in.
    private static func canonicalOrder(_ values: [DateTimeValue]) -> [DateTimeValue] {
        var seen = Set<DateTimeValue>()
        return values.filter { seen.insert($0).inserted }.sorted {
            ($0.formKey, $0.local.secondsSinceLocalEpoch) < ($1.formKey, $1.local.secondsSinceLocalEpoch)
        }
    }

    private static func check(start: DateTimeValue, rules: [RecurrenceRule], dates: [DateTimeValue],
                              exclusions: [DateTimeValue]) throws(RecurrenceError) {
        guard rules.count <= RecurrenceLimits.maxRules else {
            throw .tooLarge("RRULE", "the set has \(rules.count) RRULEs; at most \(RecurrenceLimits.maxRules) are accepted")
        }
        guard dates.count + exclusions.count <= RecurrenceLimits.maxDates else {
            throw .tooLarge("RDATE", "the set has \(dates.count + exclusions.count) RDATE and EXDATE values; at most \(RecurrenceLimits.maxDates) are accepted")
        }
        for rule in rules {
            if start.isDate {
                if rule.frequency.isSubDaily {
                    throw .notAllowed("FREQ", "FREQ=\(rule.frequency.rawValue) needs a DATE-TIME DTSTART; DTSTART \(start) is a DATE (whole days): give it a time, e.g. \(start.iCalendarValue)T090000")
                }
            }
            guard let until = rule.until else { continue }
            switch (start.form, until.form) {
            case (.date, .date), (.floating, .floating), (.utc, .utc), (.zoned, .utc):
                break
            case (.date, _):
                throw .notAllowed("UNTIL", "UNTIL=\(until) must be a DATE (YYYYMMDD) because DTSTART \(start) is a DATE (RFC 5545 §3.3.10)")
            case (.floating, _):
                throw .notAllowed("UNTIL", "UNTIL=\(until) must be a floating date-time (YYYYMMDDTHHMMSS, no Z) because DTSTART \(start) is floating (RFC 5545 §3.3.10)")
            default:
                throw .notAllowed("UNTIL", "UNTIL=\(until) must be a UTC date-time (YYYYMMDDTHHMMSSZ) because DTSTART has a time zone or is in UTC (RFC 5545 §3.3.10)")
            }
        }
        for value in dates where value.isDate != start.isDate {
            throw .notAllowed("RDATE", start.isDate
                ? "RDATE \(value) must be a DATE (YYYYMMDD) because DTSTART \(start) is a DATE"
                : "RDATE \(value) is a DATE but DTSTART \(start) is a DATE-TIME: give the RDATE a time, e.g. \(value.iCalendarValue)T\(pad(start.local.hour, 2))\(pad(start.local.minute, 2))\(pad(start.local.second, 2))")
        }
        if start.form == .floating || start.isDate,
            let value = (dates + exclusions).first(where: { $0.form == .utc || $0.zoned != nil })
        {
            throw .notAllowed("RDATE", "\(value) is tied to a time zone but DTSTART \(start) is floating: a floating set has no zone to compare it with; write it as a floating time (no Z, no TZID)")
        }
        if start.isDate, let value = exclusions.first(where: { !$0.isDate }) {
            throw .notAllowed("EXDATE", "EXDATE \(value) must be a DATE (YYYYMMDD) because DTSTART \(start) is a DATE")
        }
    }
}

extension DateTimeValue {
    var zoned: Zone? {
        if case .zoned(let zone) = form { return zone }
        return nil
    }

    /// Orders values of different forms apart, for canonical printing.
    var formKey: String {
        switch form {
        case .date: "0"
        case .floating: "1"
        case .utc: "2"
        case .zoned(let zone): "3" + zone.identifier
        }
    }
}
