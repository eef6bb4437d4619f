import Foundation

/// What one delivery attempt got back, as the retry policy judges it.
public enum CallbackAttemptResult: Hashable, Sendable {
    /// A response came back with `status`; `retryAfter` is when its `Retry-After` header says to try again.
    case response(status: Int, retryAfter: Date?)
    /// No response. `code` is the failure's: `http.dns`, `http.timeout`, `http.transport` (network errors, retried),
    /// `http.blocked` (the outbound policy refused the address) or `http.url` (an unusable URL), which are not.
    case failed(code: String)
}
