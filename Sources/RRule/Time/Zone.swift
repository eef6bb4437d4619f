/// An IANA time zone from the system tz database, answering the two questions recurrence needs: the UTC offset
/// in force at an instant, and which instants a wall-clock time names.
///
/// Zones are read from the TZif files under `$TZDIR` or `/usr/share/zoneinfo` (the data Python's `zoneinfo`
/// and `dateutil` read), including the footer rule that extends them past their last listed transition.
/// Loading is cached for the life of the process; equality and hashing go by identifier.
public struct Zone: Hashable, Sendable, CustomStringConvertible {
    /// The IANA name, e.g. `Europe/Paris`.
    public let identifier: String
    let rules: ZoneRules

    /// Coordinated Universal Time.
    public static let utc = Zone(identifier: "UTC", rules: ZoneRules(fixedOffset: 0))

    init(identifier: String, rules: ZoneRules) {
        self.identifier = identifier
        self.rules = rules
    }

    /// Loads a zone by IANA name from the system tz database.
    /// - Throws: `ZoneError.unknown` when the database has no such zone, `.invalidIdentifier` for a name that
    ///   is not a plain relative path (`../etc/passwd`, `/etc/localtime`), `.invalidData` when the file is
    ///   unreadable or not valid TZif data.
    public init(identifier: String) throws(ZoneError) {
        try self.init(identifier: identifier, loader: .system)
    }

    /// Loads a zone from the tz database in `loader`'s directory.
    init(identifier: String, loader: ZoneLoader) throws(ZoneError) {
        self.init(identifier: identifier, rules: try loader.rules(for: identifier))
    }

    public static func == (lhs: Zone, rhs: Zone) -> Bool { lhs.identifier == rhs.identifier }
    public func hash(into hasher: inout Hasher) { hasher.combine(identifier) }
    public var description: String { identifier }

    /// The offset from UTC in seconds in force at `instant` (east positive).
    /// - Complexity: O(log n) in the zone's transitions, for any instant.
    @inlinable
    public func utcOffset(at instant: Instant) -> Int {
        offset(at: instant.secondsSinceEpoch)
    }

    @usableFromInline
    func offset(at seconds: Int64) -> Int {
        rules.offset(at: seconds)
    }

    /// The wall-clock time at `instant`.
    public func localTime(at instant: Instant) -> CivilDateTime {
        CivilDateTime(secondsSinceLocalEpoch: instant.secondsSinceEpoch + Int64(utcOffset(at: instant)))
    }

    /// Which instants the wall-clock time `local` names in this zone.
    ///
    /// In a gap (the clock jumps forward) the result is the wall time read with the offset in force before the
    /// jump, which lands as far past the transition as the wall time is past the gap's start (RFC 5545 §3.3.5);
    /// in an overlap both instants, earlier first.
    /// - Complexity: a constant number of O(log n) lookups.
    /// The wall times around `local` that each name exactly one instant at one offset (no transition among them),
    /// as a range of seconds since the local epoch, and that offset; `nil` when `local` is in a gap or an overlap.
    /// Lets a caller resolving many nearby wall times subtract instead of searching.
    public func unambiguousStretch(around local: CivilDateTime) -> (walls: Range<Int64>, offset: Int)? {
        guard let stretch = rules.unambiguousStretch(wall: local.secondsSinceLocalEpoch) else { return nil }
        return (stretch.start..<stretch.end, Int(stretch.offset))
    }

    public func resolve(_ local: CivilDateTime) -> LocalTimeResolution {
        rules.resolve(wall: local.secondsSinceLocalEpoch)
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
