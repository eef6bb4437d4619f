extension CronExpression: Recurrence {
    /// The occurrences of a cron expression after an instant, computed one at a time.
    public struct Occurrences: Sequence, Sendable {
        let expression: CronExpression
        let after: Instant

        public func makeIterator() -> Iterator {
            Iterator(expression: expression, cursor: after)
        }

        /// Finds each occurrence from the previous one; holds no buffer.
        public struct Iterator: IteratorProtocol, Sendable {
            let expression: CronExpression
            var cursor: Instant?

            public mutating func next() -> Occurrence? {
                guard let after = cursor else { return nil }
                let found = expression.nextOccurrence(after: after)
                cursor = found?.instant
                return found
            }
        }
    }

    /// The occurrences strictly after `instant`, in increasing order. A cron expression has no start, so `nil`
    /// means from the Unix epoch (1970-01-01T00:00:00Z) on.
    ///
    /// - Complexity: each step is O(1) field jumps, plus about 17 offset look-ups within a day of a
    ///   daylight-saving transition; an expression that never matches ends at once.
    public func occurrences(after instant: Instant?) -> Occurrences {
        Occurrences(expression: self, after: instant ?? Instant(secondsSinceEpoch: -1))
    }

    /// The first instant searched: 0001-01-01T00:00:00Z.
    static let earliestInstant = Instant(secondsSinceEpoch: -62_135_596_800)
    /// The last instant searched: 9999-12-31T23:59:59Z.
    static let latestInstant = Instant(secondsSinceEpoch: 253_402_300_799)
    /// Bounds on any UTC offset in the tz database, local mean times included, in seconds.
    private static let offsetBound: Int64 = 16 * 3600
    private static let day: Int64 = 86_400

    /// The first occurrence strictly after `after`, or nil when there is none within `searchYears` years. Searches
    /// cover the years 1 to 9999.
    func nextOccurrence(after: Instant) -> Occurrence? {
        guard isSatisfiable, after < Self.latestInstant else { return nil }
        var low = max(after, Self.earliestInstant.adding(seconds: -1)).secondsSinceEpoch + 1
        if zone == .utc {
            guard let wall = firstMatch(atOrAfterLocal: low) else { return nil }
            return checked(
                Occurrence(
                    instant: Instant(secondsSinceEpoch: wall.secondsSinceLocalEpoch),
                    offset: .utc))
        }
        let limit = low + Int64(Self.searchYears) * 366 * Self.day
        while low <= limit {
            // No instant at or after `low` can name a wall time before `low - offsetBound`, and the first matching
            // wall time from there cannot happen before `offsetBound` earlier than itself: jump there.
            guard let first = firstMatch(atOrAfterLocal: low - Self.offsetBound) else { return nil }
            low = max(low, first.secondsSinceLocalEpoch - Self.offsetBound)
            let windowEnd = low + Self.day
            if let found = firstOccurrence(from: low, through: windowEnd) { return checked(found) }
            low = windowEnd + 1
        }
        return nil
    }

    private func checked(_ occurrence: Occurrence) -> Occurrence? {
        occurrence.instant <= Self.latestInstant ? occurrence : nil
    }

    /// The first occurrence in `[low, high]`, a span of at most a day in which the zone changes offset at most
    /// once (the tz database's transitions are further apart, as `Zone.resolve` also assumes).
    ///
    /// Without a transition, wall times map to instants in order, so the first matching wall time is the answer.
    /// Around a transition at `T` from offset `before` to `after`, three runs of wall times map to instants in
    /// order each, and the earliest of their first matches is the answer: wall times read with `before` ahead of
    /// `T`; on a spring-forward, the skipped wall times shifted by the gap into `[T, T + gap)`; and wall times
    /// read with `after` from `T` on. On a fall-back, the repeated wall times belong to the first run, the last
    /// run, or both, as the overlap policy says.
    private func firstOccurrence(from low: Int64, through high: Int64) -> Occurrence? {
        let lookBehind = low - Self.day
        let before = Int64(zone.utcOffset(at: Instant(secondsSinceEpoch: lookBehind)))
        let end = Int64(zone.utcOffset(at: Instant(secondsSinceEpoch: high)))
        guard before != end else {
            guard let wall = firstMatch(atOrAfterLocal: low + before),
                wall.secondsSinceLocalEpoch - before <= high
            else { return nil }
            return occurrence(wall: wall, offset: before)
        }
        let transition = transitionInstant(after: lookBehind, through: high, from: before)
        let after = Int64(zone.utcOffset(at: Instant(secondsSinceEpoch: transition)))
        var best: Occurrence?
        func consider(_ candidate: Occurrence) {
            if best.map({ candidate.instant < $0.instant }) ?? true { best = candidate }
        }
        // Wall times read with the offset before the transition.
        if low < transition, let wall = firstMatch(atOrAfterLocal: low + before),
            wall.secondsSinceLocalEpoch < transition + before
        {
            let repeated = after < before && wall.secondsSinceLocalEpoch >= transition + after
            if !repeated || dstPolicy.overlap != .last { consider(occurrence(wall: wall, offset: before)) }
        }
        let from = max(transition, low)
        // Wall times a spring-forward skips, moved forward by the gap.
        if after > before, dstPolicy.gap == .shift, let wall = firstMatch(atOrAfterLocal: from + before),
            wall.secondsSinceLocalEpoch < transition + after, wall.secondsSinceLocalEpoch - before <= high
        {
            let instant = wall.secondsSinceLocalEpoch - before
            consider(occurrence(wall: CivilDateTime(secondsSinceLocalEpoch: instant + after), offset: after))
        }
        // Wall times read with the offset after the transition; repeated ones only when the policy keeps them.
        var start = from + after
        if after < before, dstPolicy.overlap == .first { start = max(start, transition + before) }
        if let wall = firstMatch(atOrAfterLocal: start), wall.secondsSinceLocalEpoch - after <= high {
            consider(occurrence(wall: wall, offset: after))
        }
        return best
    }

    /// The first instant in `(low, high]` whose offset differs from `offset`, found by bisection; the offset at
    /// `low` is `offset` and the one at `high` is not.
    private func transitionInstant(after low: Int64, through high: Int64, from offset: Int64) -> Int64 {
        var low = low
        var high = high
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if Int64(zone.utcOffset(at: Instant(secondsSinceEpoch: middle))) == offset {
                low = middle
            } else {
                high = middle
            }
        }
        return high
    }

    /// The occurrence at wall time `wall` read with `offset`.
    private func occurrence(wall: CivilDateTime, offset: Int64) -> Occurrence {
        Occurrence(
            instant: Instant(secondsSinceEpoch: wall.secondsSinceLocalEpoch - offset),
            offset: .seconds(Int(offset)))
    }
}
