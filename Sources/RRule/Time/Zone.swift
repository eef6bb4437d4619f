import Foundation

/// An IANA time zone from the system tz database, answering the two questions recurrence needs: the UTC offset
/// in force at an instant, and which instants a wall-clock time names.
public struct Zone: Hashable, Sendable, CustomStringConvertible {
    /// The IANA name, e.g. `Europe/Paris`.
    public let identifier: String
    private let timeZone: TimeZone

    /// Coordinated Universal Time.
    public static let utc = Zone(identifier: "UTC", timeZone: TimeZone(identifier: "UTC")!)

    private init(identifier: String, timeZone: TimeZone) {
        self.identifier = identifier
        self.timeZone = timeZone
    }

    /// Loads a zone by IANA name.
    /// - Throws: `ZoneError.unknown` when the system has no such zone.
    public init(identifier: String) throws(ZoneError) {
        guard let timeZone = TimeZone(identifier: identifier) else { throw ZoneError.unknown(identifier) }
        self.init(identifier: identifier, timeZone: timeZone)
    }

    public static func == (lhs: Zone, rhs: Zone) -> Bool { lhs.identifier == rhs.identifier }
    public func hash(into hasher: inout Hasher) { hasher.combine(identifier) }
    public var description: String { identifier }

    /// The offset from UTC in seconds in force at `instant` (east positive).
    public func utcOffset(at instant: Instant) -> Int {
        timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant.secondsSinceEpoch)))
    }

    /// The wall-clock time at `instant`.
    public func localTime(at instant: Instant) -> CivilDateTime {
        CivilDateTime(secondsSinceLocalEpoch: instant.secondsSinceEpoch + Int64(utcOffset(at: instant)))
    }

    /// Which instants the wall-clock time `local` names in this zone.
    public func resolve(_ local: CivilDateTime) -> LocalTimeResolution {
        let wall = local.secondsSinceLocalEpoch
        // Offsets change at most once within a day on either side of any wall time in the tz database.
        let before = Int64(utcOffset(at: Instant(secondsSinceEpoch: wall - 86_400)))
        let after = Int64(utcOffset(at: Instant(secondsSinceEpoch: wall + 86_400)))
        let early = Instant(secondsSinceEpoch: wall - max(before, after))
        let late = Instant(secondsSinceEpoch: wall - min(before, after))
        let earlyValid = Int64(utcOffset(at: early)) == wall - early.secondsSinceEpoch
        let lateValid = Int64(utcOffset(at: late)) == wall - late.secondsSinceEpoch
        switch (earlyValid, lateValid) {
        case (true, true) where early != late:
            return .overlap(earlier: early, later: late)
        case (true, _):
            return .unique(early)
        case (false, true):
            return .unique(late)
        case (false, false):
            // In a gap: read the wall time with the offset in force before the transition, which lands the
            // same distance past the transition as the wall time is past its start (RFC 5545 §3.3.5).
            return .gap(shifted: Instant(secondsSinceEpoch: wall - before), length: Int(after - before))
        }
    }
}

/// What a wall-clock time means in a zone.
public enum LocalTimeResolution: Hashable, Sendable {
    /// Exactly one instant.
    case unique(Instant)
    /// The wall time falls in a gap (spring forward) of `length` seconds; `shifted` is the wall time moved
    /// forward by the gap's length, as RFC 5545 prescribes.
    case gap(shifted: Instant, length: Int)
    /// The wall time happens twice (fall back).
    case overlap(earlier: Instant, later: Instant)
}

/// A time zone name the system tz database does not have.
public enum ZoneError: Error, Hashable, Sendable, CustomStringConvertible {
    case unknown(String)

    public var description: String {
        switch self {
        case .unknown(let name):
            "unknown time zone '\(name)': expected an IANA name from the system tz database, such as "
                + "'Europe/Paris' or 'America/New_York'"
        }
    }
}
