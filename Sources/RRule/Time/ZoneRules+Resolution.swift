extension ZoneRules {
    /// Which instants the wall time `wall` (seconds since the local epoch) names.
    ///
    /// An instant `x` names `wall` when `x + offset(x) == wall`. Every offset lies between `minimumOffset` and
    /// `maximumOffset`, so every such `x` lies in `wall - maximumOffset ... wall - minimumOffset`: walk the
    /// segments of constant offset covering that window (one or two for almost every zone) and keep the
    /// candidate `wall - offset` of each segment that contains it. This holds for any change of offset,
    /// daylight-saving or not, of any size, and for transitions close together.
    /// - Complexity: O(k log n), where k is the number of transitions within the window (a small constant).
    func resolve(wall: Int64) -> LocalTimeResolution {
        let low = wall - maximumOffset
        let high = wall - minimumOffset
        var earliest: Int64?
        var latest: Int64?
        var gap: (before: Int64, after: Int64)?
        var segment = segment(containing: low)
        while true {
            let candidate = wall - segment.offset
            if segment.start <= candidate, candidate < segment.end {
                if earliest == nil { earliest = candidate }
                latest = candidate
            }
            guard segment.end <= high, segment.end != .max else { break }
            let next = self.segment(containing: segment.end)
            // Moving the clock forward at `segment.end` skips the wall times `end + before ..< end + after`.
            if gap == nil, next.offset > segment.offset, segment.end + segment.offset <= wall,
                wall < segment.end + next.offset
            {
                gap = (segment.offset, next.offset)
            }
            segment = next
        }
        if let earliest, let latest {
            return earliest == latest
                ? .unique(Instant(secondsSinceEpoch: earliest))
                : .overlap(earlier: Instant(secondsSinceEpoch: earliest), later: Instant(secondsSinceEpoch: latest))
        }
        if let gap {
            return .gap(shifted: Instant(secondsSinceEpoch: wall - gap.before), length: Int(gap.after - gap.before))
        }
        // Unreachable for a consistent table (a wall time no instant names lies in some gap); answer sensibly.
        return .unique(Instant(secondsSinceEpoch: wall - Int64(offset(at: wall))))
    }
}

extension ZoneRules {
    /// The wall times around `wall` that each name exactly one instant at one offset, as `[start, end)` in seconds
    /// since the local epoch, with that offset; `nil` when `wall` is in a gap or an overlap.
    ///
    /// A segment of constant offset covers the wall times `[start + offset, end + offset)`; next to a gap or an
    /// overlap the stretch stops where the neighbouring segment's wall times begin or end, whichever is nearer.
    func unambiguousStretch(wall: Int64) -> (start: Int64, end: Int64, offset: Int64)? {
        guard case .unique(let instant) = resolve(wall: wall) else { return nil }
        let segment = segment(containing: instant.secondsSinceEpoch)
        var start = Int64.min
        if segment.start != .min {
            start = segment.start + max(segment.offset, self.segment(containing: segment.start - 1).offset)
        }
        let end = segment.end + min(segment.offset, self.segment(containing: segment.end).offset)
        guard start <= wall, wall < end else { return nil }
        return (start, end, segment.offset)
    }
}
