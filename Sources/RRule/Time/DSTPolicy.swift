/// How a recurrence treats local times that a daylight-saving transition makes nonexistent or ambiguous.
///
/// The default is RFC 5545's: a time in a gap is shifted forward by the gap's length, and an ambiguous time
/// means its first occurrence.
public struct DSTPolicy: Hashable, Sendable, Codable, CustomStringConvertible {
    /// What to do with a local time that does not exist (spring forward).
    public enum Gap: String, Hashable, Sendable, Codable, CaseIterable {
        /// Move it forward by the length of the gap (RFC 5545).
        case shift
        /// Drop the occurrence.
        case skip
    }

    /// What to do with a local time that happens twice (fall back).
    public enum Overlap: String, Hashable, Sendable, Codable, CaseIterable {
        /// The first of the two instants (RFC 5545).
        case first
        /// The second of the two instants.
        case last
        /// Both instants: the occurrence happens twice.
        case both
    }

    public var gap: Gap
    public var overlap: Overlap

    public init(gap: Gap = .shift, overlap: Overlap = .first) {
        self.gap = gap
        self.overlap = overlap
    }

    /// RFC 5545's behaviour: shift out of gaps, first of overlaps.
    public static let rfc5545 = DSTPolicy()

    /// The instants (zero, one or two, in increasing order) that a resolved local time yields under this policy.
    @inlinable
    public func instants(for resolution: LocalTimeResolution) -> ResolvedInstants {
        switch resolution {
        case .unique(let instant):
            return ResolvedInstants(instant)
        case .gap(let shifted, _):
            return gap == .shift ? ResolvedInstants(shifted) : ResolvedInstants()
        case .overlap(let earlier, let later):
            switch overlap {
            case .first: return ResolvedInstants(earlier)
            case .last: return ResolvedInstants(later)
            case .both: return ResolvedInstants(earlier, later)
            }
        }
    }

    public var description: String { "gap=\(gap.rawValue),overlap=\(overlap.rawValue)" }
}

/// Zero, one or two instants, without allocating.
public struct ResolvedInstants: Sequence, Hashable, Sendable {
    public let first: Instant?
    public let second: Instant?

    @inlinable
    public init(_ first: Instant? = nil, _ second: Instant? = nil) {
        self.first = first
        self.second = second
    }

    public func makeIterator() -> Iterator {
        Iterator(remaining: self)
    }

    /// Walks the (at most two) instants without allocating.
    public struct Iterator: IteratorProtocol {
        var remaining: ResolvedInstants

        public mutating func next() -> Instant? {
            if let first = remaining.first {
                remaining = ResolvedInstants(remaining.second)
                return first
            }
            if let second = remaining.second {
                remaining = ResolvedInstants()
                return second
            }
            return nil
        }
    }
}
