/// Anything that answers "when does this fire next?": an RFC 5545 recurrence set or a cron expression.
///
/// Conformers produce occurrences lazily and in strictly increasing order of `Occurrence.instant`.
public protocol Recurrence: Sendable {
    associatedtype Occurrences: Sequence<Occurrence>

    /// The occurrences strictly after `instant`, in increasing order; `nil` means from the first one.
    ///
    /// Implementations jump to `instant` arithmetically where they can instead of walking every earlier period;
    /// each conformer documents what it costs.
    func occurrences(after instant: Instant?) -> Occurrences
}

extension Recurrence {
    /// The first occurrence strictly after `instant`, or `nil` when the recurrence has ended.
    @inlinable
    public func next(after instant: Instant) -> Occurrence? {
        var iterator = occurrences(after: instant).makeIterator()
        return iterator.next()
    }

    /// The occurrences in `[start, end)`, in increasing order.
    public func occurrences(from start: Instant, to end: Instant) -> [Occurrence] {
        var result: [Occurrence] = []
        for occurrence in occurrences(after: start.adding(seconds: -1)) {
            guard occurrence.instant < end else { break }
            result.append(occurrence)
        }
        return result
    }
}
