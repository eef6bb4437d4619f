import Foundation
import Store
import Workflow

#if canImport(Glibc)
    import Glibc
#endif

/// The key the first start creates, so the owner of the home directory can use the API at once.
public enum AdminKey {
    /// A new random token: `sdk_` and 48 hex digits (192 bits).
    /// - Throws: `SecureRandomError` when the kernel gives no random bytes.
    public static func newToken(random: SecureRandom = .system) throws(SecureRandomError) -> String {
        "sdk_" + Hex.string(try random.bytes(24))
    }

    /// Creates the admin key and writes its token, alone on one line, to `path` (mode 0600) unless that file exists.
    /// - Returns: `true` when a key was created.
    /// - Throws: a `StoreError`, `SecureRandomError`, or `ConfigurationError` when the file cannot be written.
    @discardableResult
    public static func ensure(at path: String, store: any Store, now: Date) async throws -> Bool {
        if FileManager.default.fileExists(atPath: path) { return false }
        let token = try newToken()
        _ = try await store.createAPIKey(
            id: try SecureRandom.system.uuid(), name: "admin", token: token, scopes: Scope.all, at: now)
        guard try OwnerOnlyFile.create(path, text: token + "\n") else {
            throw ConfigurationError("cannot create \(path): File exists")
        }
        return true
    }

    /// The token stored at `path`, trimmed.
    public static func read(at path: String) -> String? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return token.isEmpty ? nil : token
    }
}
