/// One iCalendar content line, `NAME;PARAM=VALUE;…:VALUE` (RFC 5545 §3.1).
struct ContentLine {
    var name: String
    var parameters: [String: String] = [:]
    var value: String

    init(parsing line: Substring) throws(RecurrenceError) {
        // The name and parameters end at the first colon outside double quotes.
        var inQuotes = false
        var colon: Substring.Index?
        for index in line.indices {
            let character = line[index]
            if character == "\"" { inQuotes.toggle() }
            if character == ":", !inQuotes {
                colon = index
                break
            }
        }
        guard let colon else {
            throw .syntax("line", "line '\(line.prefix(80))' is not a content line: expected NAME:VALUE, e.g. RRULE:FREQ=DAILY or DTSTART:20250301T090000Z")
        }
        let head = line[..<colon].split(separator: ";", omittingEmptySubsequences: false)
        name = head[0].trimmingSpaces().uppercased()
        value = String(line[line.index(after: colon)...].trimmingSpaces())
        for parameter in head.dropFirst() {
            guard let equals = parameter.firstIndex(of: "=") else {
                throw .syntax(name, "\(name) parameter '\(parameter)' has no '=': expected e.g. TZID=Europe/Paris or VALUE=DATE")
            }
            let key = parameter[..<equals].trimmingSpaces().uppercased()
            var text = parameter[parameter.index(after: equals)...].trimmingSpaces()
            if text.count >= 2, text.first == "\"", text.last == "\"" { text = text.dropFirst().dropLast() }
            if key.hasPrefix("X-") { continue }
            guard key == "TZID" || key == "VALUE" else {
                throw .syntax(name, "\(name) parameter \(key) is not understood: expected TZID or VALUE")
            }
            parameters[key] = String(text)
        }
    }

    /// The DATE / DATE-TIME values of DTSTART, RDATE or EXDATE (PERIOD values of RDATE give their start).
    func values(part: String) throws(RecurrenceError) -> [DateTimeValue] {
        var zone: Zone?
        if let identifier = parameters["TZID"] {
            do {
                zone = try Zone(identifier: identifier)
            } catch {
                throw RecurrenceError(code: "rrule.unknownZone", part: part, message: "\(part) TZID: \(error)")
            }
        }
        let valueType = parameters["VALUE"]?.uppercased()
        guard valueType == nil || valueType == "DATE" || valueType == "DATE-TIME" || (valueType == "PERIOD" && part == "RDATE") else {
            throw .syntax(part, "\(part);VALUE=\(valueType!) is not understood: expected DATE or DATE-TIME" + (part == "RDATE" ? " or PERIOD" : ""))
        }
        var result: [DateTimeValue] = []
        for item in value.split(separator: ",", omittingEmptySubsequences: false) {
            var text = item.trimmingSpaces()
            if let slash = text.firstIndex(of: "/") {
                guard part == "RDATE" else {
                    throw .syntax(part, "\(part) value '\(text)' is a PERIOD, which only RDATE accepts")
                }
                text = text[..<slash]
            }
            let parsed = try DateTimeValue.parse(text, zone: zone, part: part)
            if valueType == "DATE", !parsed.isDate {
                throw .syntax(part, "\(part);VALUE=DATE value '\(text)' is not a DATE: expected YYYYMMDD")
            }
            if valueType == "DATE-TIME" || valueType == "PERIOD", parsed.isDate {
                throw .syntax(part, "\(part);VALUE=\(valueType!) value '\(text)' is a DATE: expected YYYYMMDDTHHMMSS")
            }
            result.append(parsed)
        }
        return result
    }
}
