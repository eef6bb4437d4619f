import Crypto
import Foundation
import Workflow

/// Signs callbacks per Standard Webhooks v1: `webhook-signature: v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`
/// keyed with the base64-decoded part of a `whsec_…` secret.
///
/// The secret is kept only as a key; nothing here describes or logs it.
public struct WebhookSigner: Sendable {
    /// What a Standard Webhooks secret starts with.
    public static let secretPrefix = "whsec_"
    /// The key lengths the Standard Webhooks specification allows, in bytes.
    public static let keyLengths = 24...64

    /// The key bytes (`SymmetricKey` is not `Sendable`; one is made per signature).
    private let key: [UInt8]

    /// A signer for `secret`: `whsec_` followed by the base64 of 24 to 64 bytes (the prefix may be left out, as the
    /// reference libraries allow).
    /// - Throws: `ConfigurationError` saying what a secret must look like (never quoting it).
    public init(secret: String) throws(ConfigurationError) {
        let trimmed = secret.trimmingCharacters(in: .whitespacesAndNewlines)
        let encoded =
            trimmed.hasPrefix(Self.secretPrefix) ? String(trimmed.dropFirst(Self.secretPrefix.count)) : trimmed
        guard let bytes = Data(base64Encoded: encoded), Self.keyLengths.contains(bytes.count) else {
            throw ConfigurationError(
                "the callback signing secret must be 'whsec_' followed by the base64 of 24 to 64 random bytes, "
                    + "e.g. as the agent creates one when none is configured")
        }
        key = Array(bytes)
    }

    /// A new secret: `whsec_` and the base64 of 32 random bytes.
    /// - Throws: `SecureRandomError` when the kernel gives no random bytes.
    public static func newSecret(random: SecureRandom = .system) throws(SecureRandomError) -> String {
        secretPrefix + Data(try random.bytes(32)).base64EncodedString()
    }

    /// The `webhook-signature` value for one attempt: `v1,` and the base64 HMAC-SHA256 of `{id}.{timestamp}.{body}`.
    public func signature(id: String, timestamp: Int64, body: some Sequence<UInt8>) -> String {
        var hmac = HMAC<SHA256>(key: SymmetricKey(data: key))
        hmac.update(data: Array("\(id).\(timestamp).".utf8))
        hmac.update(data: Array(body))
        return "v1," + Data(hmac.finalize()).base64EncodedString()
    }
}
