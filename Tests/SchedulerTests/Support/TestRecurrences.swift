import RRule

/// Fires every `period` seconds from `start` (inclusive), optionally ending after `end`.
struct EverySeconds: Recurrence {
    let start: Int64
    let period: Int64
    var end: Int64 = .max

    func occurrences(after instant: Instant?) -> [Occurrence] {
        var first = start
        if let instant, instant.secondsSinceEpoch >= start {
            first = start + ((instant.secondsSinceEpoch - start) / period + 1) * period
        }
        var result: [Occurrence] = []
        var time = first
        // A bounded prefix is enough for the planner, which stops at `now`; tests stay far below this.
        while time <= end && result.count < 10_000 {
            let at = Instant(secondsSinceEpoch: time)
            result.append(Occurrence(instant: at, offset: .utc))
            time += period
        }
        return result
    }
}

/// Fires daily at a wall time in a zone, resolving DST gaps and overlaps with a policy.
struct DailyAt: Recurrence {
    let zone: Zone
    let hour: Int
    let minute: Int
    let policy: DSTPolicy

    func occurrences(after instant: Instant?) -> [Occurrence] {
        let from = instant ?? Instant(secondsSinceEpoch: 0)
        // Start a day early: the first local day whose wall time could fall after `from`.
        var date = zone.localTime(at: from).date.adding(days: -1)
        var result: [Occurrence] = []
        while result.count < 400 {
            let local = CivilDateTime(date: date, hour: hour, minute: minute)
            for at in policy.instants(for: zone.resolve(local)) where at > from {
                let offset = zone.utcOffset(at: at)
                result.append(Occurrence(instant: at, offset: .seconds(offset)))
            }
            date = date.adding(days: 1)
        }
        return result
    }
}
