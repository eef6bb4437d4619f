/// A template that could not be parsed or resolved; the engine reports it as the step's error.
public struct TemplateError: Error, Hashable, Sendable, CustomStringConvertible {
    /// `template.syntax`, `template.root`, `template.missing` or `secret.missing`.
    public var code: String
    /// The template text as written.
    public var template: String
    public var message: String

    public init(code: String, template: String, message: String) {
        self.code = code
        self.template = template
        self.message = message
    }

    public var description: String { "\(code): in \"\(template)\": \(message)" }
}
