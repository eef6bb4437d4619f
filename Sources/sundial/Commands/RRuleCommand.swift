import ArgumentParser
import RRule

struct RRuleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rrule",
        abstract: "Print the occurrences of an RFC 5545 recurrence rule.",
        discussion: """
            RULE is an RRULE value or an iCalendar block of DTSTART, RRULE, RDATE and EXDATE lines separated by \
            newlines (a literal \\n works too):

              sundial rrule --dtstart 2025-03-01T09:30 --tz Europe/Paris 'FREQ=WEEKLY;BYDAY=MO,WE'
              sundial rrule $'DTSTART;TZID=Europe/Paris:20250301T093000\\nRRULE:FREQ=MONTHLY;BYDAY=-1FR'

            Each occurrence is printed on its own line in RFC 3339, with the UTC offset in force \
            (2025-03-30T09:30:00+02:00), Z for UTC, no offset for floating times and YYYY-MM-DD for all-day \
            (DATE) rules; BYHOUR, BYMINUTE and BYSECOND beside a DATE DTSTART are ignored, as RFC 5545 requires, \
            and a note on standard error says so. A local time that a daylight-saving change skips is moved forward by the length of the \
            gap; a local time that happens twice means its first occurrence (RFC 5545).

            Times (--after, --until, --dtstart) are RFC 3339 or iCalendar; without an offset they are read in \
            --tz (or the rule's TZID). Bad input exits with status 2 and a one-line message.
            """
    )

    @Option(help: "How many occurrences to print at most.")
    var count = 10

    @Option(help: "Print only occurrences strictly after this time.")
    var after: String?

    @Option(help: "Print only occurrences at or before this time.")
    var until: String?

    @Option(help: "DTSTART for a bare RRULE value (default: now, to the second).")
    var dtstart: String?

    @Option(help: "IANA time zone of a bare RRULE value, e.g. Europe/Paris (default: floating, or UTC with no --dtstart).")
    var tz: String?

    @Argument(help: "An RRULE value or an iCalendar block.")
    var rule: String

    func run() throws {
        guard count >= 0 else { throw InputError("--count must be zero or more; got \(count)") }
        do {
            let zone = try tz.map { name throws(ZoneError) in try Zone(identifier: name) }
            let hasStart = RecurrenceSet.contentLines(rule).contains { $0.uppercased().hasPrefix("DTSTART") }
            if hasStart, dtstart != nil || tz != nil {
                throw InputError("RULE has its own DTSTART; --dtstart and --tz apply only to a bare RRULE value")
            }
            var start: DateTimeValue?
            if !hasStart {
                if let dtstart {
                    start = try DateTimeValue.parseInput(dtstart, zone: zone, part: "--dtstart")
                } else {
                    let now = Instant.now
                    start = zone.map { DateTimeValue(local: $0.localTime(at: now), form: $0 == .utc ? .utc : .zoned($0)) }
                        ?? DateTimeValue(local: now.utc, form: .utc)
                }
            }
            let set = try RecurrenceSet(parsing: rule, defaultStart: start)
            if !set.ignoredTimeParts.isEmpty {
                printError(
                    "note: \(set.ignoredTimeParts.joined(separator: ", ")) ignored: DTSTART is a DATE (whole days), "
                        + "and RFC 5545 §3.3.10 says these parts must then be ignored")
            }
            let after = try self.after.map { try instant($0, set: set, part: "--after") }
            let until = try self.until.map { try instant($0, set: set, part: "--until") }
            var output = ""
            var printed = 0
            for occurrence in set.occurrences(after: after) {
                if printed == count { break }
                if let until, occurrence.instant > until { break }
                output += occurrence.rfc3339
                output += "\n"
                printed += 1
            }
            print(output, terminator: "")
        } catch let error as RecurrenceError {
            throw InputError(error.message)
        } catch let error as ZoneError {
            throw InputError(error.description)
        }
    }

    /// A command-line time as an instant, read in the set's zone when it has no offset of its own.
    private func instant(_ text: String, set: RecurrenceSet, part: String) throws -> Instant {
        let value = try DateTimeValue.parseInput(text, zone: set.zone, part: part)
        guard let instant = value.instant(policy: set.dstPolicy) else {
            throw InputError("\(part) '\(text)' is a local time that does not exist in \(set.zone?.identifier ?? "this zone")")
        }
        return instant
    }
}
