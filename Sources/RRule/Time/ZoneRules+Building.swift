extension ZoneRules {
    /// Builds the tables from a parsed TZif file, following RFC 8536 §3.2 the way Python's `zoneinfo` and
    /// `dateutil` read it:
    /// - before the first transition, the first non-daylight local time type is in force (the first
    ///   transition's type when every type is daylight time);
    /// - after the last transition the footer rule is, when there is one; otherwise the last type stays;
    /// - a file with no transitions but a footer follows the footer at all times.
    /// - Throws: `TZifParser.Failure` when the footer is not a valid POSIX TZ string.
    static func make(from contents: TZifParser.Contents) throws(TZifParser.Failure) -> ZoneRules {
        var rule: POSIXTimeZoneRule?
        if let footer = contents.footer {
            do {
                rule = try POSIXTimeZoneRule(parsing: footer)
            } catch {
                throw TZifParser.Failure(description: error.description)
            }
        }
        let types = contents.types
        let firstStandard =
            types.first(where: { !$0.isDST })
            ?? contents.transitionTypes.first.map { types[$0] } ?? types[0]

        guard let lastTransition = contents.transitionTimes.last else {
            guard let rule else { return ZoneRules(fixedOffset: firstStandard.utcOffset) }
            // The footer rules for all time: start the cycle as early as Int64 allows.
            let start = -(Int64.max / cycleLength) * cycleLength
            return makeCycle(rule, from: start, prefix: TableBuilder(initial: Int32(rule.standardOffset)))
        }

        var prefix = TableBuilder(initial: firstStandard.utcOffset)
        for (time, type) in zip(contents.transitionTimes, contents.transitionTypes) {
            prefix.append(time, types[type].utcOffset)
        }
        // Transitions at absurd instants (zic's old "big bang" is −2^59) would overflow the calendar arithmetic.
        guard let rule, abs(lastTransition) < 1 << 50 else {
            return ZoneRules(
                transitions: prefix.times, offsets: prefix.offsets, cycleStart: .max, cycleTransitions: [],
                cycleOffsets: [0])
        }
        // Python's zoneinfo switches to the footer just after the last transition; so do we.
        let lastYear = CivilDate(daysSinceEpoch: Int(lastTransition.floorDivided(by: 86_400))).year
        let cycleStart = Int64(CivilDate(year: lastYear + 1, month: 1, day: 1).daysSinceEpoch) * 86_400
        if lastTransition + 1 < cycleStart {
            prefix.append(lastTransition + 1, Int32(rule.offset(at: lastTransition + 1)))
        }
        for event in rule.sortedEvents(years: lastYear - 1...lastYear + 1)
        where event.instant > lastTransition + 1 && event.instant < cycleStart {
            prefix.append(event.instant, Int32(event.offset))
        }
        return makeCycle(rule, from: cycleStart, prefix: prefix)
    }

    /// Finishes a table whose footer rule takes over at `start`.
    private static func makeCycle(_ rule: POSIXTimeZoneRule, from start: Int64, prefix: TableBuilder) -> ZoneRules {
        var cycle = TableBuilder(initial: Int32(rule.offset(at: start)))
        let firstYear = CivilDate(daysSinceEpoch: Int(start.floorDivided(by: 86_400))).year
        for event in rule.sortedEvents(years: firstYear - 1...firstYear + 401)
        where event.instant >= start && event.instant - start < cycleLength {
            cycle.append(event.instant - start, Int32(event.offset))
        }
        return ZoneRules(
            transitions: prefix.times, offsets: prefix.offsets, cycleStart: start,
            cycleTransitions: cycle.times, cycleOffsets: cycle.offsets)
    }

    /// Accumulates transitions in increasing order, keeping only real changes of offset.
    struct TableBuilder {
        var times: [Int64] = []
        var offsets: [Int32]

        init(initial: Int32) { offsets = [initial] }

        mutating func append(_ time: Int64, _ offset: Int32) {
            if let last = times.last, time <= last {
                guard time == last else { return }
                // Two changes at one instant: the later one wins, and may undo the earlier.
                offsets[offsets.count - 1] = offset
                if offsets[offsets.count - 2] == offset {
                    times.removeLast()
                    offsets.removeLast()
                }
                return
            }
            guard offset != offsets[offsets.count - 1] else { return }
            times.append(time)
            offsets.append(offset)
        }
    }
}

extension POSIXTimeZoneRule {
    /// Every daylight-saving start and end in `years`, in order (empty without daylight time).
    func sortedEvents(years: ClosedRange<Int>) -> [Event] {
        var result: [Event] = []
        for year in years {
            guard let (start, end) = events(inYear: year) else { return [] }
            result.append(start)
            result.append(end)
        }
        return result.sorted()
    }
}
