/// An iCalendar DATE or DATE-TIME value (DTSTART, UNTIL, RDATE, EXDATE), keeping the form it was written in.
public struct DateTimeValue: Hashable, Sendable, CustomStringConvertible {
    /// How the value relates to UTC.
    public enum Form: Hashable, Sendable {
        /// A DATE (`20250301`): a whole day.
        case date
        /// A floating DATE-TIME (`20250301T093000`): the same wall time in every zone.
        case floating
        /// A UTC DATE-TIME (`20250301T093000Z`).
        case utc
        /// A DATE-TIME with a `TZID`.
        case zoned(Zone)
    }

    /// The wall time (midnight for a DATE).
    public var local: CivilDateTime
    public var form: Form

    public init(local: CivilDateTime, form: Form) {
        self.local = local
        self.form = form
    }

    public var isDate: Bool { form == .date }

    /// The value as iCalendar text, without property parameters: `20250301`, `20250301T093000`,
    /// `20250301T093000Z`.
    public var iCalendarValue: String {
        switch form {
        case .date: local.date.iCalendar
        case .floating, .zoned: local.iCalendar
        case .utc: local.iCalendar + "Z"
        }
    }

    public var description: String { iCalendarValue }

    /// The instant this value names. Floating times and dates read as UTC; a zoned time follows `policy`
    /// (its first instant, or the gap-shifted one; `nil` when the policy skips it).
    public func instant(policy: DSTPolicy) -> Instant? {
        switch form {
        case .date, .floating, .utc:
            return Instant(secondsSinceEpoch: local.secondsSinceLocalEpoch)
        case .zoned(let zone):
            return policy.instants(for: zone.resolve(local)).first
        }
    }

    /// Parses a DATE or DATE-TIME value.
    /// - Parameters:
    ///   - text: `YYYYMMDD`, `YYYYMMDDTHHMMSS` or `YYYYMMDDTHHMMSSZ`.
    ///   - zone: the `TZID` given with the value, if any.
    ///   - part: the property or rule part, for error messages.
    /// - Throws: `RecurrenceError` naming the part and the accepted forms.
    static func parse(_ text: Substring, zone: Zone?, part: String) throws(RecurrenceError) -> DateTimeValue {
        let bytes = Array(text.utf8)
        func digits(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        let accepted = "expected YYYYMMDD, YYYYMMDDTHHMMSS or YYYYMMDDTHHMMSSZ"
        guard bytes.count == 8 || bytes.count == 15 || bytes.count == 16,
            let year = digits(0..<4), let month = digits(4..<6), let day = digits(6..<8)
        else {
            throw .syntax(part, "\(part) value '\(text)' is not a date or date-time: \(accepted)")
        }
        guard let date = CivilDate(validYear: year, month: month, day: day) else {
            throw .outOfRange(part, "\(part) value '\(text)' is not a real date (\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2)) does not exist)")
        }
        if bytes.count == 8 {
            if zone != nil {
                throw .notAllowed(part, "\(part) value '\(text)' is a DATE, which cannot have a TZID: drop the TZID or give a time (\(text)T090000)")
            }
            return DateTimeValue(local: CivilDateTime(date: date), form: .date)
        }
        guard bytes[8] == UInt8(ascii: "T"), let hour = digits(9..<11), let minute = digits(11..<13),
            let second = digits(13..<15), bytes.count == 15 || bytes[15] == UInt8(ascii: "Z")
        else {
            throw .syntax(part, "\(part) value '\(text)' is not a date or date-time: \(accepted)")
        }
        guard hour <= 23, minute <= 59, second <= 59 else {
            throw .outOfRange(part, "\(part) value '\(text)' has a time out of range: hours 00–23, minutes and seconds 00–59")
        }
        let local = CivilDateTime(date: date, hour: hour, minute: minute, second: second)
        if bytes.count == 16 {
            if zone != nil {
                throw .notAllowed(part, "\(part) value '\(text)' is in UTC (ends in Z) and also has a TZID: use one or the other")
            }
            return DateTimeValue(local: local, form: .utc)
        }
        return DateTimeValue(local: local, form: zone.map { .zoned($0) } ?? .floating)
    }
}
