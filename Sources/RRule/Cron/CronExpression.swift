/// A cron expression: when a job runs, as Vixie cron, cronie and Quartz write it.
///
/// Five fields (`minute hour day-of-month month day-of-week`, at second 0) or six (`second` first), with numbers,
/// names (`JAN`–`DEC`, `SUN`–`SAT`), `*`, `?`, ranges (wrapping when the start is after the end, as croniter
/// reads them), steps, lists, `L`, `L-n`, `LW`, `nW`, `nL` and `n#k`; or one of the macros `@yearly`,
/// `@annually`, `@monthly`, `@weekly`, `@daily`, `@midnight` and `@hourly`. A leading `CRON_TZ=Area/City` or
/// `TZ=Area/City` sets the time zone, as cronie accepts.
///
/// Days follow the rule of Vixie cron and cronie: when the day-of-month or the day-of-week field starts with `*`
/// (or `?`), a day must match both fields; otherwise a day matching either runs (croniter's
/// `implement_cron_bug=True`). Wall times are those of `zone`; `dstPolicy` decides what a wall time that a
/// daylight-saving transition skips or repeats means.
///
/// Equality compares the parsed fields, zone and policy, so different spellings of the same fields are equal:
/// `@daily`, `0 0 * * *` and `0 0 0 * * ?` are; so are `MON-FRI` and `1,2,3,4,5`.
///
/// Readings where implementations differ, and the one chosen:
/// - Wrapping ranges (`FRI-MON`, `22-2`, `NOV-FEB`) are accepted, as croniter does (cronie rejects them). A step
///   counts along the wrapped sequence: `22-2/2` is 22, 0, 2. croniter loses or shifts values there in the hour
///   field (`23-1/2` gives only 23, `22-2/3` gives 2 and 22, not 22 and 1).
/// - `nW` is Quartz's: the weekday nearest day n without leaving the month (`1W` on a Saturday is Monday the 3rd,
///   a Sunday last day moves back to Friday). A day past the month's end means its last day, as croniter reads
///   `31W`; Quartz allows `W` only after a single day, and so does this parser.
/// - In day-of-week, `a/n` runs up to Saturday (`1/2` is 1, 3, 5, as in croniter), while `a-7/n` can reach 7
///   = Sunday (`1-7/2` is 1, 3, 5, 0, as in cronie and croniter).
/// - `L`, `W`, `#` and `nL` may be mixed with other list entries (`1,L,15W`, `5#2,1`); croniter rejects some
///   mixes and does not know `L-n`, `LW` or `nL`. A bare `L` in day-of-week (Quartz: Saturday) is rejected as
///   ambiguous.
/// - Six fields put the seconds first, as Quartz and Spring do; croniter puts them last.
public struct CronExpression: Hashable, Sendable, CustomStringConvertible {
    /// The zone whose wall clock the fields describe.
    public let zone: Zone
    /// What wall times that do not exist or happen twice mean.
    public let dstPolicy: DSTPolicy

    let seconds: UInt64
    let minutes: UInt64
    let hours: UInt64
    let months: UInt64
    let dayRule: CronDayRule
    /// False when no day of any allowed month can ever match (`0 0 30 2 *`): the expression never runs.
    let isSatisfiable: Bool

    /// Parses a cron expression.
    ///
    /// - Parameters:
    ///   - text: 5 or 6 fields separated by spaces or tabs, or a macro, optionally after `CRON_TZ=Zone` or
    ///     `TZ=Zone`; at most 1,024 characters, at most 100 list entries per field.
    ///   - zone: The zone of the wall times, unless the text names one (which wins).
    ///   - dstPolicy: What wall times skipped or repeated by a daylight-saving transition mean.
    /// - Throws: `CronError` naming the field and the entry at fault, and what would be accepted.
    public init(parsing text: String, zone: Zone = .utc, dstPolicy: DSTPolicy = .rfc5545) throws(CronError) {
        guard text.count <= CronError.maximumLength else {
            throw CronError(
                code: "cron.tooLong", text: String(text.prefix(40)) + "…",
                message: "the expression is \(text.count) characters long: expected at most \(CronError.maximumLength)")
        }
        var tokens = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
        var zone = zone
        if let first = tokens.first, let name = Self.zonePrefix(first) {
            do {
                zone = try Zone(identifier: String(name))
            } catch {
                throw CronError(
                    code: "cron.zone", text: String(first),
                    message: "unknown time zone '\(name)' in '\(first)': expected an IANA name such as "
                        + "'Europe/Paris' or 'America/New_York'")
            }
            tokens.removeFirst()
        }
        guard !tokens.isEmpty else {
            throw CronError(
                code: "cron.empty", text: text,
                message: "the expression is empty: expected 5 fields (minute hour day-of-month month day-of-week), "
                    + "6 fields (second first), or a macro such as @daily")
        }
        if tokens[0].hasPrefix("@") {
            guard tokens.count == 1 else {
                throw CronError(
                    code: "cron.fieldCount", text: text,
                    message: "the macro '\(tokens[0])' stands alone: expected nothing after it")
            }
            tokens = try Self.expand(macro: tokens[0])
        }
        let fields: [CronField]
        switch tokens.count {
        case 5: fields = [.minute, .hour, .dayOfMonth, .month, .dayOfWeek]
        case 6: fields = CronField.allCases
        default:
            let hint = tokens.count == 7 ? " (a Quartz year field is not supported)" : ""
            throw CronError(
                code: "cron.fieldCount", text: text,
                message: "the expression has \(tokens.count) fields\(hint): expected 5 (minute hour day-of-month "
                    + "month day-of-week) or 6 (second minute hour day-of-month month day-of-week)")
        }
        var parsed: [CronField: ParsedCronField] = [.second: ParsedCronField(values: 1)]
        for (field, token) in zip(fields, tokens) {
            parsed[field] = try CronFieldParser.parse(token, field: field)
        }
        // A day field that already allows every day gains nothing from `L`, `W` or `#` entries: drop them so that
        // `*,L` equals `*`.
        if parsed[.dayOfMonth]!.values == CronFieldParser.bits(from: 1, through: 31) {
            parsed[.dayOfMonth] = ParsedCronField(values: parsed[.dayOfMonth]!.values, star: parsed[.dayOfMonth]!.star)
        }
        if parsed[.dayOfWeek]!.values == CronFieldParser.bits(from: 0, through: 6) {
            parsed[.dayOfWeek] = ParsedCronField(values: parsed[.dayOfWeek]!.values, star: parsed[.dayOfWeek]!.star)
        }
        self.init(
            zone: zone, dstPolicy: dstPolicy, seconds: parsed[.second]!.values, minutes: parsed[.minute]!.values,
            hours: parsed[.hour]!.values, months: parsed[.month]!.values,
            dayRule: CronDayRule(dayOfMonth: parsed[.dayOfMonth]!, dayOfWeek: parsed[.dayOfWeek]!))
    }

    init(
        zone: Zone, dstPolicy: DSTPolicy, seconds: UInt64, minutes: UInt64, hours: UInt64, months: UInt64,
        dayRule: CronDayRule
    ) {
        self.zone = zone
        self.dstPolicy = dstPolicy
        self.seconds = seconds
        self.minutes = minutes
        self.hours = hours
        self.months = months
        self.dayRule = dayRule
        self.isSatisfiable = dayRule.canMatch(months: months)
    }

    /// The zone name in a `CRON_TZ=…` or `TZ=…` token, or nil when the token is no such prefix.
    private static func zonePrefix(_ token: Substring) -> Substring? {
        for key in ["CRON_TZ=", "TZ="] where token.hasPrefix(key) {
            return token.dropFirst(key.count)
        }
        return nil
    }

    /// The five fields a macro stands for.
    private static func expand(macro: Substring) throws(CronError) -> [Substring] {
        let fields: String
        switch macro.lowercased() {
        case "@yearly", "@annually": fields = "0 0 1 1 *"
        case "@monthly": fields = "0 0 1 * *"
        case "@weekly": fields = "0 0 * * 0"
        case "@daily", "@midnight": fields = "0 0 * * *"
        case "@hourly": fields = "0 * * * *"
        case "@reboot":
            throw CronError(
                code: "cron.reboot", text: String(macro),
                message: "'@reboot' has no time meaning: it names no time of day or date; "
                    + "use an agent start trigger instead")
        default:
            throw CronError(
                code: "cron.macro", text: String(macro),
                message: "unknown macro '\(macro)': expected @yearly, @annually, @monthly, @weekly, @daily, "
                    + "@midnight or @hourly")
        }
        return fields.split(separator: " ")
    }
}
