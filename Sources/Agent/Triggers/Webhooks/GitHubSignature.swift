import Crypto
import Foundation
import Workflow

/// Checks GitHub's `X-Hub-Signature-256` header: `sha256=` and the hex HMAC-SHA256 of the raw body keyed with the
/// webhook's secret. The comparison takes the same time wherever the first differing byte is.
///
/// ```swift
/// GitHubSignature.verify(header: "sha256=7571…", body: Data("Hello, World!".utf8),
///                        secret: "It's a Secret to Everybody")   // .valid
/// ```
public enum GitHubSignature {
    public static let headerName = "X-Hub-Signature-256"
    static let prefix = "sha256="

    /// Why a delivery was refused, or that it was accepted.
    public enum Verdict: Hashable, Sendable {
        case valid
        /// No header (or an empty one).
        case missing
        /// Not `sha256=` followed by 64 hex digits.
        case malformed
        /// Well formed, but not the body's signature under the secret.
        case mismatch
        /// The workflow has no `webhookSecret`, so nothing can be verified.
        case noSecret

        /// What the sender should change; says nothing about the expected signature or the secret.
        public var message: String {
            switch self {
            case .valid:
                "the signature is valid"
            case .missing:
                "the \(headerName) header is missing; GitHub sends it when the webhook has a secret: set the "
                    + "webhook's secret to the workflow's webhookSecret"
            case .malformed:
                "the \(headerName) header must be \"sha256=\" followed by 64 hexadecimal digits"
            case .mismatch:
                "the \(headerName) signature does not match the request body; check that the webhook's secret "
                    + "equals the workflow's webhookSecret"
            case .noSecret:
                "the workflow has no webhookSecret, so deliveries cannot be verified; set webhookSecret on the "
                    + "workflow and the same secret on the GitHub webhook"
            }
        }
    }

    /// The header value GitHub would send for `body` under `secret`.
    public static func signature(body: Data, secret: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
        return prefix + Hex.string(code)
    }

    /// Whether `header` signs `body` under `secret`.
    /// - Complexity: O(n) in the body's length; the comparison is constant-time in the signature.
    public static func verify(header: String?, body: Data, secret: String?) -> Verdict {
        guard let secret, !secret.isEmpty else { return .noSecret }
        guard let header = header?.trimmingCharacters(in: .whitespaces), !header.isEmpty else { return .missing }
        guard header.lowercased().hasPrefix(prefix), let given = hexBytes(header.dropFirst(prefix.count)),
            given.count == SHA256.byteCount
        else { return .malformed }
        let key = SymmetricKey(data: Data(secret.utf8))
        // `isValidAuthenticationCode` compares in constant time.
        return HMAC<SHA256>.isValidAuthenticationCode(given, authenticating: body, using: key) ? .valid : .mismatch
    }

    /// The bytes of an even-length hex string, or nil when it has a non-hex character.
    static func hexBytes(_ text: Substring) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count.isMultiple(of: 2) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
