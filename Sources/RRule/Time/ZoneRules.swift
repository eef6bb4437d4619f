/// The immutable offset table of one zone, built once at load and shared by every `Zone` value that names it.
///
/// Two sorted tables answer every question:
/// - the *prefix*: the file's transitions, then the footer rule's transitions up to `cycleStart` (January 1 of
///   the year after the last listed transition);
/// - the *cycle*: the footer rule's transitions over the 400 years from `cycleStart`. The Gregorian calendar
///   repeats exactly every 400 years (146 097 days, a whole number of weeks), so a POSIX rule does too, and any
///   later instant maps into this table by a modulo.
///
/// Consecutive entries with the same offset are merged, so every stored transition changes the offset.
final class ZoneRules: Sendable {
    /// Seconds in 400 Gregorian years.
    static let cycleLength: Int64 = 146_097 * 86_400

    /// Prefix transition instants, strictly increasing.
    let transitions: [Int64]
    /// `offsets[i]` is in force before `transitions[i]`; the last entry after the last transition.
    let offsets: [Int32]
    /// Where the cycle takes over; `Int64.max` when the zone has no footer rule.
    let cycleStart: Int64
    /// Cycle transition instants relative to the start of a cycle, in `0 ..< cycleLength`.
    let cycleTransitions: [Int64]
    /// As `offsets`, for the cycle.
    let cycleOffsets: [Int32]
    /// The smallest and largest offsets the zone ever uses: they bound which instants a wall time can name.
    let minimumOffset: Int64
    let maximumOffset: Int64

    init(transitions: [Int64], offsets: [Int32], cycleStart: Int64, cycleTransitions: [Int64], cycleOffsets: [Int32]) {
        precondition(offsets.count == transitions.count + 1 && cycleOffsets.count == cycleTransitions.count + 1)
        self.transitions = transitions
        self.offsets = offsets
        self.cycleStart = cycleStart
        self.cycleTransitions = cycleTransitions
        self.cycleOffsets = cycleOffsets
        let all = cycleStart == .max ? offsets : offsets + cycleOffsets
        minimumOffset = Int64(all.min()!)
        maximumOffset = Int64(all.max()!)
    }

    /// A zone that is always `offset` seconds east of UTC.
    convenience init(fixedOffset offset: Int32) {
        self.init(transitions: [], offsets: [offset], cycleStart: .max, cycleTransitions: [], cycleOffsets: [0])
    }

    /// The offset in force at `instant` (seconds since the epoch).
    /// - Complexity: O(log n) in the number of transitions of one table.
    @inline(__always)
    func offset(at instant: Int64) -> Int {
        if instant < cycleStart {
            return Int(offsets[Self.upperBound(instant, in: transitions)])
        }
        return Int(cycleOffsets[Self.upperBound(phase(of: instant), in: cycleTransitions)])
    }

    /// The stretch of time around `instant` during which one offset is in force.
    ///
    /// Bounds may be artificial (the start of a cycle) with the same offset on both sides; callers treat each
    /// segment on its own, so that is harmless.
    func segment(containing instant: Int64) -> Segment {
        if instant < cycleStart {
            let index = Self.upperBound(instant, in: transitions)
            return Segment(
                start: index > 0 ? transitions[index - 1] : .min,
                end: index < transitions.count ? transitions[index] : cycleStart,
                offset: Int64(offsets[index]))
        }
        let phase = phase(of: instant)
        let base = instant - phase
        let index = Self.upperBound(phase, in: cycleTransitions)
        let end = index < cycleTransitions.count ? cycleTransitions[index] : Self.cycleLength
        return Segment(
            start: base + (index > 0 ? cycleTransitions[index - 1] : 0),
            end: base.addingReportingOverflow(end).overflow ? .max : base + end,
            offset: Int64(cycleOffsets[index]))
    }

    /// Where `instant` (not before `cycleStart`) falls within its 400-year cycle; exact for every `Int64`.
    @inline(__always)
    func phase(of instant: Int64) -> Int64 {
        Int64(UInt64(bitPattern: instant &- cycleStart) % UInt64(Self.cycleLength))
    }

    /// A half-open run of instants `start ..< end` with one offset.
    struct Segment: Hashable, Sendable {
        var start: Int64
        var end: Int64
        var offset: Int64
    }

    /// How many elements of the sorted `values` are `<= key`.
    @inline(__always)
    static func upperBound(_ key: Int64, in values: [Int64]) -> Int {
        values.withUnsafeBufferPointer { buffer in
            var low = 0
            var count = buffer.count
            while count > 0 {
                let half = count >> 1
                if buffer[low + half] <= key {
                    low += half + 1
                    count -= half + 1
                } else {
                    count = half
                }
            }
            return low
        }
    }
}
