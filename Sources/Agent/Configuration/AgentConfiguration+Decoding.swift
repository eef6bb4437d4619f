import Foundation
import Workflow

extension AgentConfiguration {
    /// The line for a configuration file that cannot be decoded: the file, the key as a dotted path and what was
    /// found and accepted there, e.g. `/etc/sundial/agent.yaml: workers: expected an integer, found the string
    /// "four"`; the YAML parser's own words for a file that is not YAML.
    static func decodingMessage(_ error: any Error, text: String, source: String?) -> String {
        let file = source ?? "the configuration file"
        guard let decoding = error as? DecodingError, !Self.isSyntax(decoding) else {
            let words = DecodingProblem.describe(error).split(whereSeparator: \.isNewline)
            return "\(file) is not valid YAML: "
                + words.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        }
        let issue = DecodingProblem.issue(for: error, in: DecodingProblem.yamlTree(text))
        let key = issue.pointer.split(separator: "/").joined(separator: ".")
        return key.isEmpty ? "\(file): \(issue.message)" : "\(file): \(key): \(issue.message)"
    }

    /// Whether `error` is `YAMLDecoder`'s wrapping of a parser error: the text is not YAML at all.
    private static func isSyntax(_ error: DecodingError) -> Bool {
        guard case .dataCorrupted(let context) = error else { return false }
        return context.codingPath.isEmpty && context.underlyingError != nil
    }
}

extension AgentConfiguration.LogFormat {
    public init(from decoder: any Decoder) throws {
        self = try decodeNamedCase(Self.self, from: decoder)
    }
}
