import Crypto
import Foundation
import Workflow

/// The digest an `Idempotency-Key` is stored with, so a second request with the same key can be told apart from a
/// replay of the first.
enum RequestFingerprint {
    /// The hex SHA-256 of `body` in canonical form (members sorted, no insignificant whitespace), so bodies that
    /// differ only in spacing or member order have the same fingerprint.
    static func of(_ body: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(body)) ?? Data()
        return Hex.string(SHA256.hash(data: data))
    }
}
