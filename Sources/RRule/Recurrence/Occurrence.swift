/// How an occurrence's wall time relates to UTC, which decides how it is printed.
public enum UTCOffset: Hashable, Sendable {
    /// A UTC time (`Z`).
    case utc
    /// A zoned time with the offset in force, in seconds east of UTC.
    case seconds(Int)
    /// A floating time: the same wall time in every zone, printed without an offset. Its `Instant` reads the
    /// wall time as if it were UTC.
    case floating
}

/// One time a recurrence fires: the instant, and the UTC offset in force there.
///
/// Only the instant and the offset are stored (17 bytes); the wall time is derived when asked for, so expanding a
/// recurrence does no calendar arithmetic for occurrences nobody prints.
public struct Occurrence: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var instant: Instant
    public var offset: UTCOffset
    /// A DATE-valued occurrence (an all-day event): printed as `YYYY-MM-DD`.
    public var isDate: Bool

    public init(instant: Instant, offset: UTCOffset, isDate: Bool = false) {
        self.instant = instant
        self.offset = offset
        self.isDate = isDate
    }

    /// The wall-clock time in the recurrence's zone (UTC for UTC rules; the wall time for floating ones).
    public var local: CivilDateTime {
        if case .seconds(let seconds) = offset {
            return CivilDateTime(secondsSinceLocalEpoch: instant.secondsSinceEpoch + Int64(seconds))
        }
        return CivilDateTime(secondsSinceLocalEpoch: instant.secondsSinceEpoch)
    }

    public static func < (lhs: Occurrence, rhs: Occurrence) -> Bool {
        lhs.instant < rhs.instant
    }

    /// RFC 3339: `2025-03-30T09:30:00+02:00`, `…Z` for UTC, no offset for floating times, `2025-03-30` for dates.
    public var rfc3339: String {
        let local = self.local
        if isDate { return local.date.description }
        switch offset {
        case .utc:
            return local.rfc3339 + "Z"
        case .floating:
            return local.rfc3339
        case .seconds(let seconds):
            let sign = seconds < 0 ? "-" : "+"
            let magnitude = abs(seconds)
            var text = local.rfc3339 + sign + pad(magnitude / 3600, 2) + ":" + pad(magnitude % 3600 / 60, 2)
            // RFC 3339 offsets have minute precision; a historical offset with seconds (LMT) keeps them.
            if magnitude % 60 != 0 { text += ":" + pad(magnitude % 60, 2) }
            return text
        }
    }

    public var description: String { rfc3339 }
}
