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
    private var pending: [Instant] = []
    private var last: Instant?
    private var boundCacheDay: Int64 = .min
    private var boundCacheOffset: Int64 = 0

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
        while true {
            var frontier: Int64?
            var frontierIndex = -1
            for (index, head) in heads.enumerated() {
                if let head, frontier.map({ head < $0 }) ?? true {
                    frontier = head
                    frontierIndex = index
                }
            }
            let candidate = minimum(pending.first, dateIndex < compiled.dates.count ? compiled.dates[dateIndex] : nil)
            if let candidate, frontier.map({ candidate.secondsSinceEpoch < lowerBound(forWall: $0) }) ?? true {
                if pending.first == candidate {
                    pending.removeFirst()
                } else {
                    dateIndex += 1
                }
                if let last, candidate <= last { continue }
                if let after, candidate <= after { continue }
                let occurrence = makeOccurrence(candidate)
                if compiled.isExcluded(occurrence) { continue }
                last = candidate
                return occurrence
            }
            guard let frontier else { return nil }
            heads[frontierIndex] = expanders[frontierIndex].next()
            for instant in instants(forWall: frontier) { insertPending(instant) }
        }
    }

    private func minimum(_ a: Instant?, _ b: Instant?) -> Instant? {
        guard let a else { return b }
        guard let b else { return a }
        return min(a, b)
    }

    private mutating func insertPending(_ instant: Instant) {
        var index = pending.count
        while index > 0, pending[index - 1] > instant { index -= 1 }
        pending.insert(instant, at: index)
    }

    /// The instants a wall time names under the set's zone and policy.
    private func instants(forWall wall: Int64) -> ResolvedInstants {
        switch form {
        case .zoned(let zone):
            return policy.instants(for: zone.resolve(CivilDateTime(secondsSinceLocalEpoch: wall)))
        case .date, .floating, .utc:
            return ResolvedInstants(Instant(secondsSinceEpoch: wall))
        }
    }

    /// A lower bound on the instant of any wall time at or after `wall`.
    private mutating func lowerBound(forWall wall: Int64) -> Int64 {
        guard case .zoned(let zone) = form else { return wall }
        let day = floorDiv(wall, 86_400)
        if day != boundCacheDay {
            boundCacheDay = day
            boundCacheOffset = [-86_400, 0, 86_400, 172_800].map {
                Int64(zone.utcOffset(at: Instant(secondsSinceEpoch: wall + Int64($0))))
            }.max()!
        }
        return wall - boundCacheOffset
    }

    private func makeOccurrence(_ instant: Instant) -> Occurrence {
        let wall = CivilDateTime(secondsSinceLocalEpoch: instant.secondsSinceEpoch)
        switch form {
        case .date:
            return Occurrence(instant: instant, local: wall, offset: .floating, isDate: true)
        case .floating:
            return Occurrence(instant: instant, local: wall, offset: .floating)
        case .utc:
            return Occurrence(instant: instant, local: wall, offset: .utc)
        case .zoned(let zone):
            let offset = zone.utcOffset(at: instant)
            return Occurrence(instant: instant,
                              local: CivilDateTime(secondsSinceLocalEpoch: instant.secondsSinceEpoch + Int64(offset)),
                              offset: .seconds(offset))
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
        excludedInstants.contains(occurrence.instant)
            || (!excludedDays.isEmpty && excludedDays.contains(occurrence.local.date.daysSinceEpoch))
    }
}
