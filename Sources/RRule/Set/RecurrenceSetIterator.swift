/// Walks a recurrence set: merges its rules' wall times and its RDATEs, resolves wall times to instants through
/// the zone and DST policy, removes EXDATEs and repeats, and yields occurrences in strictly increasing order.
///
/// Resolving can reorder: a wall time shifted out of a DST gap, or the second instant of an ambiguous wall time
/// under `overlap: both`, lands after wall times that come later. Resolved instants wait in a small sorted buffer
/// until no later wall time can resolve to anything earlier.
public struct RecurrenceSetIterator: IteratorProtocol, Sendable {
    private let form: DateTimeValue.Form
    private let policy: DSTPolicy
    private let compiled: Compiled
    private let after: Instant?
    private var expanders: [RuleExpander]
    private var heads: [Int64?]
    private var dateIndex: Int
    /// Resolved instants waiting for their turn, sorted, each with the UTC offset in force there.
    private var pending: [(instant: Instant, offset: Int)] = []
    /// One rule, no RDATE and a zone-free form: wall times are instants, already in order.
    private let isDirect: Bool
    /// One rule, no RDATE, zoned: inside a transition-free stretch wall times map to instants in order.
    private let isSingleZoned: Bool
    private var last: Instant?
    private var boundCacheDay: Int64 = .min
    private var boundCacheOffset: Int64 = 0
    /// Wall times known to map one-to-one to instants at `stretchOffset` (see `Zone.unambiguousStretch`).
    private var stretch: Range<Int64> = 0..<0
    private var stretchOffset: Int64 = 0

    init(set: RecurrenceSet, compiled: Compiled, after: Instant?) {
        form = set.start.form
        policy = set.dstPolicy
        self.compiled = compiled
        self.after = after
        var near: Int64?
        if let after {
            if case .zoned(let zone) = set.start.form {
                // A wall time w can resolve to an instant after `after` only if w > after + (smallest offset near).
                let offsets = [-86_400, 0, 86_400, 172_800].map {
                    Int64(zone.utcOffset(at: after.adding(seconds: Int64($0))))
                }
                near = after.secondsSinceEpoch + offsets.min()!
            } else {
                near = after.secondsSinceEpoch
            }
        }
        let start = set.start.local
        expanders = set.rules.map { rule in
            RuleExpander(rule: rule, start: start, untilWall: Self.untilWall(rule.until, form: set.start.form),
                         near: near)
        }
        heads = Array(repeating: nil, count: expanders.count)
        for index in expanders.indices { heads[index] = expanders[index].next() }
        if let after {
            dateIndex = Self.firstIndex(in: compiled.dates, after: after)
        } else {
            dateIndex = 0
        }
        let single = expanders.count == 1 && compiled.dates.isEmpty
        if case .zoned = set.start.form {
            isDirect = false
            isSingleZoned = single
        } else {
            isDirect = single
            isSingleZoned = false
        }
    }

    /// UNTIL as a wall time in the set's zone (a UTC UNTIL of a zoned set is converted).
    private static func untilWall(_ until: DateTimeValue?, form: DateTimeValue.Form) -> Int64? {
        guard let until else { return nil }
        let wall = until.local.secondsSinceLocalEpoch
        if case .zoned(let zone) = form {
            return zone.localTime(at: Instant(secondsSinceEpoch: wall)).secondsSinceLocalEpoch
        }
        return wall
    }

    private static func firstIndex(in sorted: [Instant], after: Instant) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] <= after { low = mid + 1 } else { high = mid }
        }
        return low
    }

    public mutating func next() -> Occurrence? {
        if isDirect { return nextDirect() }
        while true {
            // A wall time in the current stretch, with nothing waiting, maps straight to its instant as long as the
            // wall time after it is in the stretch too (then nothing later can resolve to anything earlier).
            if isSingleZoned, pending.isEmpty, let wall = heads[0], stretch.contains(wall) {
                let following = expanders[0].next()
                heads[0] = following
                let instant = Instant(secondsSinceEpoch: wall - stretchOffset)
                if let following, !stretch.contains(following) {
                    insertPending(instant, offset: Int(stretchOffset))
                    continue
                }
                if let last, instant <= last { continue }
                if let after, instant <= after { continue }
                let occurrence = makeOccurrence(instant, offset: Int(stretchOffset))
                if compiled.isExcluded(occurrence) { continue }
                last = instant
                return occurrence
            }
            var frontier: Int64?
            var frontierIndex = -1
            for index in heads.indices {
                if let head = heads[index], frontier.map({ head < $0 }) ?? true {
                    frontier = head
                    frontierIndex = index
                }
            }
            let date = dateIndex < compiled.dates.count ? compiled.dates[dateIndex] : nil
            var candidate: (instant: Instant, offset: Int)?
            var fromPending = false
            if let first = pending.first, date.map({ first.instant <= $0 }) ?? true {
                candidate = first
                fromPending = true
            } else if let date {
                candidate = (date, offset(at: date))
            }
            if let candidate, frontier.map({ candidate.instant.secondsSinceEpoch < lowerBound(forWall: $0) }) ?? true {
                if fromPending { pending.removeFirst() } else { dateIndex += 1 }
                if let last, candidate.instant <= last { continue }
                if let after, candidate.instant <= after { continue }
                let occurrence = makeOccurrence(candidate.instant, offset: candidate.offset)
                if compiled.isExcluded(occurrence) { continue }
                last = candidate.instant
                return occurrence
            }
            guard let frontier else { return nil }
            heads[frontierIndex] = expanders[frontierIndex].next()
            resolve(wall: frontier)
        }
    }

    /// One rule in a zone-free set: each wall time is its instant, already increasing and unique.
    private mutating func nextDirect() -> Occurrence? {
        while let wall = heads[0] {
            heads[0] = expanders[0].next()
            let instant = Instant(secondsSinceEpoch: wall)
            if let after, instant <= after { continue }
            let occurrence = makeOccurrence(instant, offset: 0)
            if compiled.isExcluded(occurrence) { continue }
            return occurrence
        }
        return nil
    }

    private mutating func insertPending(_ instant: Instant, offset: Int) {
        var index = pending.count
        while index > 0, pending[index - 1].instant > instant { index -= 1 }
        pending.insert((instant, offset), at: index)
    }

    /// Resolves a wall time under the set's zone and policy into `pending`. The offset in force at each instant
    /// follows from the resolution itself: wall − instant, plus the gap's length for a time shifted out of a gap.
    private mutating func resolve(wall: Int64) {
        guard case .zoned(let zone) = form else {
            insertPending(Instant(secondsSinceEpoch: wall), offset: 0)
            return
        }
        if stretch.contains(wall) {
            insertPending(Instant(secondsSinceEpoch: wall - stretchOffset), offset: Int(stretchOffset))
            return
        }
        let local = CivilDateTime(secondsSinceLocalEpoch: wall)
        if let found = zone.unambiguousStretch(around: local) {
            stretch = found.walls
            stretchOffset = Int64(found.offset)
            insertPending(Instant(secondsSinceEpoch: wall - stretchOffset), offset: found.offset)
            return
        }
        let resolution = zone.resolve(local)
        let shift: Int
        if case .gap(_, let length) = resolution { shift = length } else { shift = 0 }
        for instant in policy.instants(for: resolution) {
            insertPending(instant, offset: Int(wall - instant.secondsSinceEpoch) + shift)
        }
    }

    /// The offset in force at an RDATE's instant (0 outside zoned sets).
    private func offset(at instant: Instant) -> Int {
        if case .zoned(let zone) = form { return zone.utcOffset(at: instant) }
        return 0
    }

    /// A lower bound on the instant of any wall time at or after `wall`.
    private mutating func lowerBound(forWall wall: Int64) -> Int64 {
        guard case .zoned(let zone) = form else { return wall }
        // Inside a stretch without transitions, later wall times map to instants at least `wall − offset`: those in
        // the stretch by subtraction, those past its end to instants at or after the stretch's last one.
        if stretch.contains(wall) { return wall - stretchOffset }
        let day = floorDiv(wall, 86_400)
        if day != boundCacheDay {
            boundCacheDay = day
            boundCacheOffset = [-86_400, 0, 86_400, 172_800].map {
                Int64(zone.utcOffset(at: Instant(secondsSinceEpoch: wall + Int64($0))))
            }.max()!
        }
        return wall - boundCacheOffset
    }

    private func makeOccurrence(_ instant: Instant, offset: Int) -> Occurrence {
        switch form {
        case .date: Occurrence(instant: instant, offset: .floating, isDate: true)
        case .floating: Occurrence(instant: instant, offset: .floating)
        case .utc: Occurrence(instant: instant, offset: .utc)
        case .zoned: Occurrence(instant: instant, offset: .seconds(offset))
        }
    }
}

/// What a set precomputes once: RDATE and EXDATE instants.
struct Compiled: Sendable {
    /// RDATE instants (and DTSTART when the set has no RRULE), sorted, without repeats.
    let dates: [Instant]
    let excludedInstants: Set<Instant>
    /// Local days (days since 1970-01-01) excluded by DATE-valued EXDATEs in a DATE-TIME set.
    let excludedDays: Set<Int>

    init(start: DateTimeValue, rules: [RecurrenceRule], dates: [DateTimeValue], exclusions: [DateTimeValue],
         policy: DSTPolicy) {
        func instants(_ value: DateTimeValue) -> [Instant] {
            switch (value.form, start.form) {
            case (.floating, .zoned(let zone)):
                return Array(policy.instants(for: zone.resolve(value.local)))
            case (.zoned(let zone), _):
                return Array(policy.instants(for: zone.resolve(value.local)))
            default:
                return [Instant(secondsSinceEpoch: value.local.secondsSinceLocalEpoch)]
            }
        }
        var included = dates.flatMap(instants)
        if rules.isEmpty { included += instants(start) }
        self.dates = Array(Set(included)).sorted()
        var excludedInstants = Set<Instant>()
        var excludedDays = Set<Int>()
        for value in exclusions {
            if value.isDate, !start.isDate {
                excludedDays.insert(value.local.date.daysSinceEpoch)
            } else {
                excludedInstants.formUnion(instants(value))
            }
        }
        self.excludedInstants = excludedInstants
        self.excludedDays = excludedDays
    }

    func isExcluded(_ occurrence: Occurrence) -> Bool {
        (!excludedInstants.isEmpty && excludedInstants.contains(occurrence.instant))
            || (!excludedDays.isEmpty && excludedDays.contains(occurrence.local.date.daysSinceEpoch))
    }
}
