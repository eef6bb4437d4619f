import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The file holding the agent's callback signing secret: configured, or created on first start in the home.
public enum CallbackSigningKey {
    /// Reads the secret in `path`, first creating the file (mode 0600) with a new secret when `create` is set and it
    /// does not exist.
    /// - Returns: a signer for the secret, and whether the file was created.
    /// - Throws: `ConfigurationError` naming the file when it cannot be read, written, or holds no valid secret, or no
    ///   random bytes could be had for a new one.
    public static func load(at path: String, create: Bool) throws(ConfigurationError) -> (
        signer: WebhookSigner, created: Bool
    ) {
        var created = false
        if create, !FileManager.default.fileExists(atPath: path) {
            let secret: String
            do {
                secret = try WebhookSigner.newSecret()
            } catch {
                throw ConfigurationError("cannot create the callback signing secret \(path): \(error)")
            }
            created = try OwnerOnlyFile.create(path, text: secret + "\n")
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ConfigurationError("cannot read the callback signing secret file \(path)")
        }
        do {
            return (try WebhookSigner(secret: text), created)
        } catch {
            throw ConfigurationError("\(path): \(error.message)")
        }
    }
}
