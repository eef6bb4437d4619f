import Foundation

/// Hides credentials written literally into a workflow (not taken from the secret store): the password of a URL's
/// `user:pass@`, and the value of any member whose name says it is a credential (`Authorization`, `PGPASSWORD`,
/// `api_key`, `GITHUB_TOKEN`…), each replaced by `[secret]`.
///
/// A value that only references stored secrets (`Bearer {{ Secrets.token }}`) is a reference, not a credential,
/// and is kept as written.
public enum CredentialRedaction {
    /// What a hidden credential reads as.
    public static let mask = SecretRedactor.mask

    /// Parts of a member name that mark it as holding a credential (compared in lower case).
    public static let credentialWords = [
        "authorization", "password", "passwd", "secret", "token", "apikey", "api_key", "api-key", "cookie",
        "credential", "private_key", "private-key", "privatekey",
    ]

    /// Whether a member called `name` holds a credential.
    public static func isCredentialName(_ name: String) -> Bool {
        let lower = name.lowercased()
        return credentialWords.contains { lower.contains($0) }
    }

    /// `text` with the password of a URL's userinfo (or a lone user, which is often a token) replaced by
    /// `[secret]`: `https://bot:hunter2@host/x` reads `https://bot:[secret]@host/x`. Text that is not such a URL,
    /// and userinfo made only of `{{ Secrets.… }}` references, are returned unchanged.
    public static func url(_ text: String) -> String {
        guard let schemeEnd = text.range(of: "://") else { return text }
        let authorityStart = schemeEnd.upperBound
        let rest = text[authorityStart...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? text.endIndex
        let authority = text[authorityStart..<authorityEnd]
        guard let at = authority.lastIndex(of: "@") else { return text }
        let userinfo = authority[authority.startIndex..<at]
        let replaced: String
        if let colon = userinfo.firstIndex(of: ":") {
            let password = userinfo[userinfo.index(after: colon)...]
            guard !isReference(String(password)) else { return text }
            replaced = String(userinfo[..<colon]) + ":" + mask
        } else {
            guard !userinfo.isEmpty, !isReference(String(userinfo)) else { return text }
            replaced = mask
        }
        return String(text[..<authorityStart]) + replaced + String(text[at...])
    }

    /// The credentials `url`'s userinfo holds (its password, or a lone user), to scrub from text that may quote
    /// the URL, such as a transport error.
    public static func urlCredentials(_ text: String) -> [String] {
        guard let schemeEnd = text.range(of: "://") else { return [] }
        let rest = text[schemeEnd.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard let at = authority.lastIndex(of: "@") else { return [] }
        let userinfo = authority[..<at]
        if let colon = userinfo.firstIndex(of: ":") {
            let password = String(userinfo[userinfo.index(after: colon)...])
            return password.isEmpty || isReference(password)
                ? []
                : [password, password.removingPercentEncoding]
                    .compactMap { $0 }
        }
        return userinfo.isEmpty || isReference(String(userinfo)) ? [] : [String(userinfo)]
    }

    /// `value` (a step parameter, a rendered attempt input) with every credential it holds literally hidden.
    /// - Parameter name: the member name `value` sits under, if any.
    public static func value(_ value: JSONValue, name: String? = nil) -> JSONValue {
        switch value {
        case .string(let text):
            if let name, isCredentialName(name), !isReference(text) { return .string(mask) }
            if let header = headerLine(text) { return .string(header) }
            return .string(url(text))
        case .array(let elements):
            return .array(elements.map { Self.value($0) })
        case .object(let members):
            var redacted: [String: JSONValue] = [:]
            for (key, member) in members { redacted[key] = Self.value(member, name: key) }
            return .object(redacted)
        default:
            return value
        }
    }

    /// `definition` as shown to a key that may not change it: every step parameter and `spec.callback` with
    /// literal credentials hidden (the round trip of GET-then-PATCH is kept for keys that may write).
    public static func definition(_ definition: WorkflowDefinition) -> WorkflowDefinition {
        var copy = definition
        copy.webhookSecret = nil
        copy.spec.steps = definition.spec.steps?.map { step in
            var step = step
            step.parameters = step.parameters?.map { parameter in
                var parameter = parameter
                parameter.value = value(parameter.value, name: parameter.name)
                return parameter
            }
            return step
        }
        copy.spec.callback = definition.spec.callback.map(url)
        return copy
    }

    /// Whether `text` only refers to stored secrets: at least one `{{ Secrets.… }}` (or `[secret]` where one was
    /// rendered), no other template, and around them at most a scheme word such as `Bearer` or `token`.
    static func isReference(_ text: String) -> Bool {
        // Already rendered with the mask in place of a stored secret (an attempt's input): `Bearer [secret]`.
        if text.contains(mask) {
            let rest = text.replacingOccurrences(of: mask, with: "").trimmingCharacters(in: .whitespaces)
            if rest.count <= 16, rest.allSatisfy({ $0.isLetter || $0 == ":" || $0 == "-" }) { return true }
        }
        guard text.contains("{{"), let template = try? Template(parsing: text), !template.paths.isEmpty,
            template.paths.allSatisfy({ $0.root == "Secrets" })
        else { return false }
        for segment in template.segments {
            guard case .text(let literal) = segment else { continue }
            let word = literal.trimmingCharacters(in: .whitespaces)
            guard word.count <= 16, word.allSatisfy({ $0.isLetter || $0 == ":" || $0 == "-" }) else { return false }
        }
        return true
    }

    /// A header line such as `Authorization: Bearer abc` (a shell step's `curl -H` argument) with its value
    /// hidden, or `nil` when `text` is not a credential header line.
    static func headerLine(_ text: String) -> String? {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let name = String(text[..<colon])
        guard !name.isEmpty, name.count <= 64,
            name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }),
            isCredentialName(name)
        else { return nil }
        let value = String(text[text.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        return isReference(value) ? nil : name + ": " + mask
    }
}
