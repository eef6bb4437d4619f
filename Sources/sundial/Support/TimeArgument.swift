import Foundation

/// A time given on the command line: RFC 3339 (`2025-03-30T09:30:00Z`), or relative to now (`6h`, `30m`, `2d`,
/// `now-6h`, `now`), written as the API's query value.
struct TimeArgument: Hashable {
    /// What the API takes: the RFC 3339 text, or `now-6h`.
    var query: String

    /// - Throws: `InputError` naming `option` for text that is neither form.
    init(_ text: String, option: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if (try? Date(trimmed, strategy: .iso8601)) != nil
            || (try? Date(trimmed, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))) != nil
        {
            query = trimmed
            return
        }
        let relative = trimmed.hasPrefix("now") ? trimmed : "now-" + trimmed
        guard Self.isRelative(relative) else {
            throw InputError(
                "\(option) takes an RFC 3339 time such as 2025-03-30T09:30:00Z or a time before now such as 6h, "
                    + "30m, 2d or now-1w (units s, m, h, d, w); found '\(text)'")
        }
        query = relative
    }

    /// `now`, or `now` `+`/`-` a whole number and one unit.
    static func isRelative(_ text: String) -> Bool {
        guard text.hasPrefix("now") else { return false }
        let rest = text.dropFirst(3)
        if rest.isEmpty { return true }
        guard let sign = rest.first, sign == "-" || sign == "+", let unit = rest.last, "smhdw".contains(unit),
            let count = Int(rest.dropFirst().dropLast()), count >= 0
        else { return false }
        return true
    }
}
