import Actions
import Foundation
import NIOCore
import Store
import Workflow

/// Sends one callback attempt: a `POST` of the stored payload with the Standard Webhooks headers, to an address the
/// outbound policy accepts, on a pooled connection. Redirects are not followed.
struct CallbackSender: Sendable {
    /// What one attempt got.
    struct Sent: Sendable {
        var result: CallbackAttemptResult
        var statusCode: Int?
        /// What went wrong, for the attempt's record; nil for a 2xx.
        var error: String?
    }

    /// The response body bytes kept for an error message.
    static let maxResponseBytes = 4096

    let policy: OutboundPolicy
    let clients: PinnedHTTPClients
    let signer: WebhookSigner?
    let timeout: Duration

    /// `webhook-id`: the same for every attempt at one callback, across restarts (there is one callback per
    /// execution, and execution ids are never reused, unlike outbox row ids after a prune).
    static func webhookID(for entry: CallbackEntry) -> String {
        "msg_" + entry.executionID
    }

    /// The request's headers for an attempt at `timestamp` (Unix seconds).
    static func headers(for entry: CallbackEntry, timestamp: Int64, signer: WebhookSigner?) -> [(
        name: String, value: String
    )] {
        let id = webhookID(for: entry)
        var headers: [(name: String, value: String)] = [
            ("content-type", "application/json"), ("user-agent", "sundial"), ("webhook-id", id),
            ("webhook-timestamp", String(timestamp)),
        ]
        if let signer {
            headers.append(
                ("webhook-signature", signer.signature(id: id, timestamp: timestamp, body: entry.payload.utf8)))
        }
        return headers
    }

    /// Makes one attempt at `at`.
    /// - Throws: only `CancellationError`, when the agent stops before a response came.
    func send(_ entry: CallbackEntry, at: Date) async throws(CancellationError) -> Sent {
        guard let url = URL(string: entry.url) else {
            return Sent(result: .failed(code: "http.url"), error: "the callback URL '\(entry.url)' cannot be parsed")
        }
        let timestamp = Int64((at.timeIntervalSince1970).rounded(.down))
        let exchange = HTTPExchange(
            method: "POST", url: url, headers: Self.headers(for: entry, timestamp: timestamp, signer: signer),
            body: Array(entry.payload.utf8), maxResponseBytes: Self.maxResponseBytes)
        let parts = timeout.components
        let deadline =
            NIODeadline.now() + .nanoseconds(parts.seconds * 1_000_000_000 + parts.attoseconds / 1_000_000_000)
        do {
            let response = try await exchange.perform(policy: policy, clients: clients, deadline: deadline)
            let retryAfter = response.header("retry-after").flatMap { RetryAfter.date(from: $0, now: at) }
            return Sent(
                result: .response(status: response.status, retryAfter: retryAfter), statusCode: response.status,
                error: Self.describe(response))
        } catch let failure as ActionFailure {
            return Sent(result: .failed(code: failure.code), error: failure.message)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            if Task.isCancelled { throw CancellationError() }
            return Sent(result: .failed(code: "http.transport"), error: "\(error)")
        }
    }

    /// Nil for a 2xx; otherwise the status, where a redirect pointed, and the start of the body.
    static func describe(_ response: HTTPExchange.Response) -> String? {
        guard !(200..<300).contains(response.status) else { return nil }
        var text = "answered \(response.status) \(response.reason)"
        if (300..<400).contains(response.status), let location = response.header("location") {
            text += " (Location: \(location.prefix(200)))"
        }
        let excerpt = String(decoding: response.body.prefix(200), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        if !excerpt.isEmpty { text += ": \(excerpt)" }
        return text
    }
}
