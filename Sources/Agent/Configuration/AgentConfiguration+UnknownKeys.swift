import Workflow
import Yams

/// A configuration file's keys, checked against the ones the agent knows.
///
/// An unknown key stops the agent from starting rather than being ignored with a warning: a misspelt key
/// (`worker`, `allowOutbond`) leaves the setting its author meant at its default — often a security or capacity
/// setting — and a warning in a log nobody reads at start-up is how that goes unnoticed. The error names the key and
/// the nearest known one, so the fix is one edit.
extension AgentConfiguration {
    /// The keys a configuration file may set at the top level, read from `File` so that a new setting is known as
    /// soon as it is decodable.
    static var knownKeys: [String] { Mirror(reflecting: File()).children.compactMap(\.label) }

    /// The keys of the settings that are themselves mappings.
    static var knownNestedKeys: [String: [String]] {
        [
            "limits": Mirror(reflecting: AgentLimits()).children.compactMap(\.label),
            "retention": Mirror(reflecting: AgentRetention()).children.compactMap(\.label),
        ]
    }

    /// Refuses a key of `text` (a YAML mapping) that the agent does not know.
    /// - Throws: `ConfigurationError` naming the key, the nearest known one and every accepted key; nothing for a
    ///   file that is not a mapping (the decoder says what is wrong with it).
    static func checkKeys(yaml text: String) throws(ConfigurationError) {
        guard let root = try? Yams.compose(yaml: text), let mapping = root.mapping else { return }
        try check(mapping, known: knownKeys, path: "")
        for (key, value) in mapping {
            guard let name = key.string, let nested = knownNestedKeys[name], let inner = value.mapping else { continue }
            try check(inner, known: nested, path: name + ".")
        }
    }

    private static func check(_ mapping: Node.Mapping, known: [String], path: String) throws(ConfigurationError) {
        for key in mapping.keys {
            let name = key.string ?? "\(key)"
            guard !known.contains(name) else { continue }
            let line = key.mark.map { " (line \($0.line))" } ?? ""
            throw ConfigurationError(
                "unknown configuration key '\(path)\(name)'\(line)"
                    + (NearestName.nearest(to: name, in: known).map { "; did you mean '\(path)\($0)'?" } ?? "")
                    + " Known keys: " + known.map { path + $0 }.joined(separator: ", "))
        }
    }
}
