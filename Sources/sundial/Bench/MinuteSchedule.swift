import RRule

/// A trigger firing once a minute at a fixed second (the cron schedule `S * * * * *`), computed arithmetically.
struct MinuteSchedule: Recurrence {
    /// The second of the minute it fires at, 0…59.
    let second: Int64

    /// The occurrences from one instant on, one minute apart; a plain iterator, so asking allocates nothing.
    struct Occurrences: Sequence, IteratorProtocol {
        var time: Int64

        mutating func next() -> Occurrence? {
            let at = Instant(secondsSinceEpoch: time)
            time += 60
            return Occurrence(instant: at, offset: .utc)
        }
    }

    func occurrences(after instant: Instant?) -> Occurrences {
        let from = instant?.secondsSinceEpoch ?? 0
        let minuteStart = from - ((from % 60) + 60) % 60
        let first = minuteStart + second
        return Occurrences(time: first > from ? first : first + 60)
    }
}
