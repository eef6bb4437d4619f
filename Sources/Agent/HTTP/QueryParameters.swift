import Foundation
import HTTPTypes
import Hummingbird

/// A request's query parameters with names and values percent-decoded (`filter%5Bquery%5D` is `filter[query]`).
public struct QueryParameters: Sendable {
    private var pairs: [(name: String, value: String)]

    public init(_ query: String?) {
        pairs = (query ?? "").split(separator: "&").map { item in
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (Self.decode(parts[0]), parts.count > 1 ? Self.decode(parts[1]) : "")
        }
    }

    public init(_ request: Request) {
        self.init(request.uri.query)
    }

    /// The first value of `name`.
    public subscript(_ name: String) -> String? { pairs.first { $0.name == name }?.value }

    /// Every value of `name`, in order; a comma-separated value counts as several.
    public func all(_ name: String) -> [String] {
        pairs.filter { $0.name == name }.flatMap { $0.value.split(separator: ",").map(String.init) }
    }

    /// `name` as an integer within `range`, or `defaultValue` when absent.
    /// - Throws: `APIError` 400 naming the parameter and the accepted range.
    public func integer(_ name: String, in range: ClosedRange<Int>, default defaultValue: Int, style: APIError.Style)
        throws -> Int
    {
        guard let text = self[name] else { return defaultValue }
        guard let value = Int(text), range.contains(value) else {
            throw APIError(
                .badRequest,
                [
                    APIError.Problem(
                        "query parameter \(name) must be an integer from \(range.lowerBound) to \(range.upperBound), "
                            + "found '\(text)'", parameter: name)
                ], style: style)
        }
        return value
    }

    /// `name` as `true`/`false`, or `defaultValue` when absent.
    /// - Throws: `APIError` 400 for another value.
    public func boolean(_ name: String, default defaultValue: Bool, style: APIError.Style) throws -> Bool {
        guard let text = self[name] else { return defaultValue }
        switch text.lowercased() {
        case "true", "1": return true
        case "false", "0": return false
        default:
            throw APIError(
                .badRequest,
                [APIError.Problem("query parameter \(name) must be true or false, found '\(text)'", parameter: name)],
                style: style)
        }
    }

    /// `name` as an RFC 3339 time, or a time relative to `now` (`now`, `now-6h`, `now+30m`; units `s`, `m`, `h`,
    /// `d`, `w`), or `nil` when absent.
    /// - Throws: `APIError` 400 for text that is neither.
    public func time(_ name: String, now: Date, style: APIError.Style) throws -> Date? {
        guard let text = self[name] else { return nil }
        if let date = try? Date(text, strategy: .iso8601) { return date }
        if let date = try? Date(
            text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        {
            return date
        }
        if let date = Self.relative(text, to: now) { return date }
        throw APIError(
            .badRequest,
            [
                APIError.Problem(
                    "query parameter \(name) must be an RFC 3339 time such as 2025-03-30T09:30:00Z or a time "
                        + "relative to now such as now-6h (units s, m, h, d, w), found '\(text)'",
                    parameter: name)
            ], style: style)
    }

    /// `now`, `now-6h`, `now+90s` …, relative to `now`; `nil` for anything else.
    static func relative(_ text: String, to now: Date) -> Date? {
        guard text.hasPrefix("now") else { return nil }
        let rest = text.dropFirst(3)
        if rest.isEmpty { return now }
        guard let sign = rest.first, sign == "-" || sign == "+", let unit = rest.last,
            let count = Int(rest.dropFirst().dropLast()), count >= 0
        else { return nil }
        let seconds: Int
        switch unit {
        case "s": seconds = 1
        case "m": seconds = 60
        case "h": seconds = 3600
        case "d": seconds = 86400
        case "w": seconds = 604_800
        default: return nil
        }
        let (offset, overflow) = count.multipliedReportingOverflow(by: seconds)
        guard !overflow, offset <= 1_000_000_000_000 else { return nil }
        return now.addingTimeInterval(TimeInterval(sign == "-" ? -offset : offset))
    }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
