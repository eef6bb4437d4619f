/// The rule for a stored secret's name, shared by the API and the CLI.
public enum SecretName {
    /// The longest name accepted.
    public static let maxLength = 128

    /// What a valid name looks like, for error messages.
    public static let rule =
        "a secret name is 1 to \(maxLength) characters: ASCII letters, digits, '_' and '-', starting with a letter or '_'"

    /// Whether `name` can be stored and written as `{{ Secrets.<name> }}`.
    public static func isValid(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.unicodeScalars.count <= maxLength else { return false }
        func isLetter(_ scalar: Unicode.Scalar) -> Bool {
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
        }
        guard isLetter(first) || first == "_" else { return false }
        return name.unicodeScalars.allSatisfy {
            isLetter($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
        }
    }
}
