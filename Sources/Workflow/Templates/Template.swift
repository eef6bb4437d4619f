import Foundation

/// A string that may hold `{{ path }}` templates.
///
/// A string that is a single template (spaces around it allowed) renders to the value it names, keeping its
/// type: `"{{ Steps.Count.output.n }}"` is the integer `3`. Any other string interpolates: strings go in as they
/// are, other values as compact JSON.
public struct Template: Hashable, Sendable {
    /// A piece of a template string.
    public enum Segment: Hashable, Sendable {
        case text(String)
        case path(TemplatePath, source: String)
    }

    public let segments: [Segment]

    /// Parses `text`.
    /// - Throws: `TemplateError` (`template.syntax`) for an unclosed `{{` or a malformed path.
    public init(parsing text: String) throws(TemplateError) {
        var segments: [Segment] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { segments.append(.text(String(rest[..<open.lowerBound]))) }
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                throw TemplateError(
                    code: "template.syntax", template: text,
                    message: "\"{{\" is not closed; write {{ path }}")
            }
            let inner = String(rest[open.upperBound..<close.lowerBound])
            segments.append(
                .path(try TemplatePath.parse(inner), source: String(rest[open.lowerBound..<close.upperBound])))
            rest = rest[close.upperBound...]
        }
        if !rest.isEmpty { segments.append(.text(String(rest))) }
        self.segments = segments
    }

    /// The paths the template refers to.
    public var paths: [TemplatePath] {
        segments.compactMap { if case .path(let path, _) = $0 { path } else { nil } }
    }

    /// Whether the text has no templates at all.
    public var isLiteral: Bool { paths.isEmpty }

    /// The single path when the template is exactly one `{{ … }}` (with optional spaces around it).
    public var wholePath: TemplatePath? {
        let meaningful = segments.filter {
            if case .text(let text) = $0 { !text.allSatisfy(\.isWhitespace) } else { true }
        }
        if meaningful.count == 1, case .path(let path, _) = meaningful[0] { return path }
        return nil
    }

    /// Renders the template against `context`.
    /// - Throws: `TemplateError` when a path names nothing.
    public func render(in context: TemplateContext, source: String) throws(TemplateError) -> JSONValue {
        if let path = wholePath { return try context.resolve(path, template: source) }
        var text = ""
        for segment in segments {
            switch segment {
            case .text(let literal): text += literal
            case .path(let path, _): text += Self.interpolated(try context.resolve(path, template: source))
            }
        }
        return .string(text)
    }

    /// Renders every string inside `value` (recursing into arrays and objects).
    public static func render(_ value: JSONValue, in context: TemplateContext) throws(TemplateError) -> JSONValue {
        switch value {
        case .string(let text):
            guard text.contains("{{") else { return value }
            return try Template(parsing: text).render(in: context, source: text)
        case .array(let elements):
            var rendered: [JSONValue] = []
            for element in elements { rendered.append(try render(element, in: context)) }
            return .array(rendered)
        case .object(let members):
            var rendered: [String: JSONValue] = [:]
            for (key, member) in members { rendered[key] = try render(member, in: context) }
            return .object(rendered)
        default:
            return value
        }
    }

    /// Every template inside `value`, with the JSON pointer (relative to `value`) of the string holding it.
    public static func templates(in value: JSONValue, at pointer: String = "") -> [(pointer: String, text: String)] {
        switch value {
        case .string(let text) where text.contains("{{"): [(pointer, text)]
        case .array(let elements):
            elements.enumerated().flatMap { templates(in: $1, at: pointer + "/\($0)") }
        case .object(let members):
            members.sorted { $0.key < $1.key }.flatMap {
                templates(in: $0.value, at: pointer + "/" + JSONPointer.escape($0.key))
            }
        default: []
        }
    }

    /// How a value reads inside text.
    static func interpolated(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): return text
        case .int(let number): return String(number)
        case .bool(let flag): return String(flag)
        case .null: return "null"
        default:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            guard let data = try? encoder.encode(value) else { return "" }
            return String(decoding: data, as: UTF8.self)
        }
    }
}
