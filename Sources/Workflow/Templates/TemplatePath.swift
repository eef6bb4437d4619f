/// A path inside `{{ … }}`: a root name then members and indices, e.g. `Steps.Check.output.items[0]["a b"]`.
///
/// Paths are the whole template language: there are no operators, calls or filters, so a template never runs
/// code.
public struct TemplatePath: Hashable, Sendable, CustomStringConvertible {
    /// One step into a value.
    public enum Component: Hashable, Sendable {
        case member(String)
        case index(Int)
    }

    /// The roots a template may start from.
    public static let roots = ["Trigger", "Steps", "Workflow", "Execution", "Properties", "Secrets"]

    public var root: String
    public var components: [Component]

    public init(root: String, components: [Component] = []) {
        self.root = root
        self.components = components
    }

    /// The path as written canonically: `Steps.Check.output.items[0]`.
    public var description: String { Self.describe(root: root, components[...]) }

    static func describe(root: String, _ components: ArraySlice<Component>) -> String {
        var text = root
        for component in components {
            switch component {
            case .member(let name) where !name.isEmpty && name.allSatisfy(isIdentifierCharacter):
                text += "." + name
            case .member(let name): text += "[\"\(name)\"]"
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }

    static func isIdentifierCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "_" || character == "-"
    }

    /// Parses the text between `{{` and `}}` (surrounding spaces allowed).
    /// - Throws: `TemplateError` with code `template.syntax` saying what is accepted.
    public static func parse(_ text: String) throws(TemplateError) -> TemplatePath {
        var scanner = Substring(text.trimmingSpaces())
        func fail(_ why: String) -> TemplateError {
            TemplateError(
                code: "template.syntax", template: text,
                message:
                    "\(why); a template is a path such as {{ Steps.Check.output.status }} or {{ Trigger.payload[\"host\"] }} (templates never run code)"
            )
        }
        guard let root = scanner.takeIdentifier() else { throw fail("expected a root name") }
        var components: [Component] = []
        while let next = scanner.first {
            if next == "." {
                scanner.removeFirst()
                guard let name = scanner.takeIdentifier() else { throw fail("expected a member name after \".\"") }
                components.append(.member(name))
            } else if next == "[" {
                scanner.removeFirst()
                if let quote = scanner.first, quote == "\"" || quote == "'" {
                    scanner.removeFirst()
                    guard let end = scanner.firstIndex(of: quote) else { throw fail("unterminated quoted member") }
                    components.append(.member(String(scanner[..<end])))
                    scanner = scanner[scanner.index(after: end)...]
                } else {
                    let digits = scanner.prefix { $0.isASCII && $0.isNumber }
                    guard let index = Int(digits) else { throw fail("expected an index or a quoted member in [ ]") }
                    components.append(.index(index))
                    scanner = scanner.dropFirst(digits.count)
                }
                guard scanner.first == "]" else { throw fail("expected \"]\"") }
                scanner.removeFirst()
            } else {
                throw fail("unexpected \"\(next)\"")
            }
        }
        return TemplatePath(root: root, components: components)
    }
}

extension Substring {
    fileprivate mutating func takeIdentifier() -> String? {
        let name = prefix(while: TemplatePath.isIdentifierCharacter)
        guard !name.isEmpty else { return nil }
        self = dropFirst(name.count)
        return String(name)
    }
}

extension String {
    func trimmingSpaces() -> Substring {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.isWhitespace }.map { index(after: $0) } ?? endIndex
        return start < end ? self[start..<end] : self[endIndex...]
    }
}
