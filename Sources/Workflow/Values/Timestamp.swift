import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The one text form of an instant that Sundial shows: RFC 3339 in UTC with milliseconds, `2025-03-30T09:30:00.123Z`
/// (API responses, callback bodies, the event stream, CLI JSON).
public enum Timestamp {
    /// `date` to the nearest millisecond, as `YYYY-MM-DDTHH:MM:SS.mmmZ`.
    ///
    /// Nearest, not truncated, as the store keeps instants: a stored millisecond read back as a `Date` may be a hair
    /// below it (`Date` counts seconds from 2001 in a double), and the text of an execution must be the same before
    /// and after it is stored (a callback body is written from memory, `GET` from the database).
    public static func rfc3339(_ date: Date) -> String {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let (quotient, remainder) = millis.quotientAndRemainder(dividingBy: 1000)
        // Floor division: an instant before 1970 still has a fraction in 0...999.
        let seconds = remainder < 0 ? quotient - 1 : quotient
        let fraction = Int(millis - seconds * 1000)
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        var text = ""
        text.reserveCapacity(24)
        append(Int(parts.tm_year) + 1900, width: 4, to: &text)
        text.append("-")
        append(Int(parts.tm_mon) + 1, width: 2, to: &text)
        text.append("-")
        append(Int(parts.tm_mday), width: 2, to: &text)
        text.append("T")
        append(Int(parts.tm_hour), width: 2, to: &text)
        text.append(":")
        append(Int(parts.tm_min), width: 2, to: &text)
        text.append(":")
        append(Int(parts.tm_sec), width: 2, to: &text)
        text.append(".")
        append(fraction, width: 3, to: &text)
        text.append("Z")
        return text
    }

    private static func append(_ value: Int, width: Int, to text: inout String) {
        let digits = String(value)
        if digits.count < width { text.append(String(repeating: "0", count: width - digits.count)) }
        text.append(digits)
    }
}
