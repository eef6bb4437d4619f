import RRule

/// A trigger firing once a minute at a fixed second (the cron schedule `S * * * * *`), computed arithmetically.
struct MinuteSchedule: Recurrence {
    /// The second of the minute it fires at, 0…59.
    let second: Int64

    func occurrences(after instant: Instant?) -> UnfoldSequence<Occurrence, Int64> {
        let from = instant?.secondsSinceEpoch ?? 0
        let minuteStart = from - ((from % 60) + 60) % 60
        var first = minuteStart + second
        if first <= from { first += 60 }
        return sequence(state: first) { time in
            let at = Instant(secondsSinceEpoch: time)
            time += 60
            return Occurrence(instant: at, local: at.utc, offset: .utc)
        }
    }
}
