import RRule

/// One rule of the `bench rrule` set.
struct BenchRule {
    var name: String
    /// `rrule` or `cron`.
    var kind: String
    var text: String
    var zone: String?
    var recurrence: any Recurrence
    /// DTSTART (RRULE) or the instant expansion starts after (cron).
    var anchor: Instant
    /// Where expansion starts: `nil` for RRULE (from DTSTART), just before the anchor for cron.
    var expandAfter: Instant?

    func far(years: Int) -> Instant {
        anchor.adding(seconds: Int64(years) * 31_556_952)
    }

    /// The fixed set: each shape a scheduler meets, plus the hard cases.
    static func standardSet() throws -> [BenchRule] {
        let rrules: [(String, String)] = [
            ("daily", "DTSTART:20250101T090000Z\nRRULE:FREQ=DAILY"),
            ("hourly BYMINUTE", "DTSTART:20250101T000000Z\nRRULE:FREQ=HOURLY;BYMINUTE=0,15,30,45"),
            ("monthly last Friday", "DTSTART:20250101T170000Z\nRRULE:FREQ=MONTHLY;BYDAY=-1FR"),
            ("yearly BYWEEKNO", "DTSTART:20250101T080000Z\nRRULE:FREQ=YEARLY;BYWEEKNO=1,20,-1;BYDAY=MO,FR"),
            ("last workday BYSETPOS", "DTSTART:20250101T180000Z\nRRULE:FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1"),
            ("New York 02:30 daily (DST)", "DTSTART;TZID=America/New_York:20250101T023000\nRRULE:FREQ=DAILY"),
            ("Paris weekdays 9h and 17h", "DTSTART;TZID=Europe/Paris:20250101T090000\nRRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9,17;BYMINUTE=0;BYSECOND=0"),
            ("Lord Howe every 3 h", "DTSTART;TZID=Australia/Lord_Howe:20250101T000000\nRRULE:FREQ=HOURLY;INTERVAL=3"),
            ("Feb 29 on a Monday", "DTSTART:20250101T000000Z\nRRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO"),
            ("yearly BYYEARDAY", "DTSTART:20250101T060000Z\nRRULE:FREQ=YEARLY;BYYEARDAY=1,100,200,-1"),
            ("every 7 minutes", "DTSTART:20250101T000000Z\nRRULE:FREQ=MINUTELY;INTERVAL=7"),
        ]
        let crons: [(String, String, String?)] = [
            ("cron */5", "*/5 * * * *", nil),
            ("cron weekdays 9:00 Paris", "0 9 * * MON-FRI", "Europe/Paris"),
            ("cron last day of month", "0 0 L * *", nil),
        ]
        var rules: [BenchRule] = []
        for (name, text) in rrules {
            let set = try RecurrenceSet(parsing: text)
            let anchor = set.start.instant(policy: set.dstPolicy)!
            rules.append(BenchRule(name: name, kind: "rrule", text: text, zone: nil, recurrence: set, anchor: anchor,
                                   expandAfter: nil))
        }
        let anchor = Instant(secondsSinceEpoch: 1_735_689_600)  // 2025-01-01T00:00:00Z
        for (name, text, zone) in crons {
            let cron = try CronExpression(parsing: text, zone: zone.map { try Zone(identifier: $0) } ?? .utc)
            rules.append(BenchRule(name: name, kind: "cron", text: text, zone: zone, recurrence: cron, anchor: anchor,
                                   expandAfter: anchor.adding(seconds: -1)))
        }
        return rules
    }
}
