import ArgumentParser
import RRule

struct CronCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cron",
        abstract: "Print the next run times of a cron expression.",
        discussion: """
            EXPRESSION has 5 fields (minute hour day-of-month month day-of-week) or 6 (second first), with \
            names (JAN, MON), ranges, steps, lists, L, W, #, ? and the macros @hourly, @daily, @weekly, \
            @monthly and @yearly. A day matches as in Vixie cron and cronie: when the day-of-month or the \
            day-of-week field starts with *, both must match; otherwise either.

              sundial cron '*/15 9-17 * * MON-FRI'
              sundial cron --tz America/New_York --after 2026-03-07T00:00:00Z '30 2 * * *'

            Times print in RFC 3339 with the offset in force (Z for UTC). In a zone, a wall time that a \
            daylight-saving change skips runs that much later; one that happens twice runs the first time. \
            Bad input exits with status 2 and a one-line message.
            """
    )

    @Option(help: "How many run times to print at most.")
    var count = 10

    @Option(help: "Print only run times strictly after this time (default: now).")
    var after: String?

    @Option(help: "IANA time zone of the expression's wall times, e.g. Europe/Paris (default: UTC).")
    var tz: String?

    @Argument(help: "The cron expression (quote it).")
    var expression: String

    func run() throws {
        guard count >= 0 else { throw InputError("--count must be zero or more; got \(count)") }
        do {
            let zone = try tz.map { name throws(ZoneError) in try Zone(identifier: name) } ?? .utc
            let cron = try CronExpression(parsing: expression, zone: zone)
            var start = Instant.now
            if let after {
                let value = try DateTimeValue.parseInput(after, zone: cron.zone, part: "--after")
                guard let instant = value.instant(policy: cron.dstPolicy) else {
                    throw InputError("--after '\(after)' is a local time that does not exist in \(cron.zone)")
                }
                start = instant
            }
            var output = ""
            for occurrence in cron.occurrences(after: start).prefix(count) {
                output += occurrence.rfc3339
                output += "\n"
            }
            print(output, terminator: "")
        } catch let error as CronError {
            throw InputError(error.message)
        } catch let error as RecurrenceError {
            throw InputError(error.message)
        } catch let error as ZoneError {
            throw InputError(error.description)
        }
    }
}
