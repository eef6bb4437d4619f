import Crypto
import Foundation
import Workflow

/// The file holding the key stored secrets are sealed with (AES-256-GCM): `HOME/secrets.key`, 0600, created on the
/// agent's first start like the admin key.
///
/// The file holds 32 random bytes as base64 on one line. Losing it loses every stored secret (they must be set
/// again); a copy of the database without it reveals none.
public enum SecretsKey {
    /// What `load` found.
    public struct Loaded: Sendable {
        /// The 32 key bytes.
        public var key: Data
        /// Whether this call created the file.
        public var created: Bool
        /// Whether the group or others may read the file (it should be 0600).
        public var readableByOthers: Bool
    }

    /// Reads the key in `path`, first creating the file (mode 0600) with a new key when `create` is set and it does
    /// not exist.
    /// - Throws: `ConfigurationError` naming the file when it is missing (and not to be created), cannot be read
    ///   or written, or does not hold 32 bytes of base64.
    public static func load(at path: String, create: Bool) throws(ConfigurationError) -> Loaded {
        var created = false
        if !FileManager.default.fileExists(atPath: path) {
            guard create else {
                throw ConfigurationError(
                    "no secrets key at \(path); start 'sundial agent' on this home once to create it")
            }
            let key: Data
            do {
                key = Data(try SecureRandom.system.bytes(32))
            } catch {
                throw ConfigurationError("cannot create the secrets key \(path): \(error.description)")
            }
            created = try OwnerOnlyFile.create(path, text: key.base64EncodedString() + "\n")
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ConfigurationError("cannot read the secrets key file \(path)")
        }
        guard let key = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), key.count == 32
        else {
            throw ConfigurationError(
                "\(path) does not hold a secrets key (32 bytes as base64 on one line); restore the file the secrets "
                    + "were sealed with, or move it away to start over (every stored secret is then lost)")
        }
        let mode = (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? 0
        let loose = mode & 0o077 != 0
        return Loaded(key: key, created: created, readableByOthers: loose)
    }
}
