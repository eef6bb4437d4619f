import Workflow

/// Parses the durations parameters accept: seconds as a JSON number, or a string with a unit.
///
/// Accepted: `30`, `0.25`, `"30"`, `"30s"`, `"1.5s"`, `"500ms"`, `"2m"`, `"1h"`. Negative, non-finite and
/// unit-less-but-unknown forms are rejected (the caller reports which parameter was wrong).
enum DurationValue {
    /// The largest duration accepted (one week), so that arithmetic on it cannot overflow.
    static let maximumSeconds: Double = 7 * 24 * 3600

    static func parse(_ value: JSONValue) -> Duration? {
        switch value {
        case .int(let seconds): return seconds >= 0 ? fromSeconds(Double(seconds)) : nil
        case .double(let seconds): return fromSeconds(seconds)
        case .string(let text): return parse(text)
        default: return nil
        }
    }

    static func parse(_ text: String) -> Duration? {
        let trimmed = text.trimmingSpaces()
        let units: [(suffix: String, seconds: Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        for unit in units where trimmed.hasSuffix(unit.suffix) {
            let number = trimmed.dropLast(unit.suffix.count)
            guard let amount = decimal(number) else { return nil }
            return fromSeconds(amount * unit.seconds)
        }
        return decimal(Substring(trimmed)).flatMap(fromSeconds)
    }

    /// A plain decimal number (digits with at most one point); rejects signs, exponents, `inf` and `nan`.
    private static func decimal(_ text: Substring) -> Double? {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
            text.filter({ $0 == "." }).count <= 1
        else { return nil }
        return Double(text)
    }

    private static func fromSeconds(_ seconds: Double) -> Duration? {
        guard seconds.isFinite, seconds >= 0, seconds <= maximumSeconds else { return nil }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }
}

extension String {
    func trimmingSpaces() -> String {
        var view = Substring(self)
        while view.first?.isWhitespace == true { view.removeFirst() }
        while view.last?.isWhitespace == true { view.removeLast() }
        return String(view)
    }
}

extension Duration {
    /// Seconds as a `Double`, for output and messages.
    var secondsValue: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
