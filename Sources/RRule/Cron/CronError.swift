/// Why a cron expression was rejected: a stable `code`, the field and text at fault, and a message that says what
/// would be accepted.
public struct CronError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable machine-readable code: `cron.empty`, `cron.tooLong`, `cron.fieldCount`, `cron.syntax`,
    /// `cron.outOfRange`, `cron.step`, `cron.listTooLong`, `cron.macro`, `cron.reboot` or `cron.zone`.
    public var code: String
    /// The field at fault, when the error is inside one.
    public var field: CronField?
    /// The offending part of the input (a list entry, a macro, a zone name, or the whole expression).
    public var text: String
    /// What was wrong and what would be accepted.
    public var message: String

    public init(code: String, field: CronField? = nil, text: String, message: String) {
        self.code = code
        self.field = field
        self.text = text
        self.message = message
    }

    public var description: String { "invalid cron expression: \(message)" }

    /// The longest expression accepted, in characters.
    public static let maximumLength = 1024
    /// The most comma-separated entries one field accepts.
    public static let maximumListLength = 100

    static func syntax(_ field: CronField, _ text: String, _ problem: String) -> CronError {
        CronError(
            code: "cron.syntax", field: field, text: text,
            message: "\(field) entry '\(text)' \(problem): expected \(field.accepted)")
    }

    static func outOfRange(
        _ field: CronField, _ text: String, value: Int, lower: Int, upper: Int, what: String = "value"
    )
        -> CronError
    {
        CronError(
            code: "cron.outOfRange", field: field, text: text,
            message: "\(field) \(what) \(value) is out of range: expected \(lower)–\(upper)")
    }
}
