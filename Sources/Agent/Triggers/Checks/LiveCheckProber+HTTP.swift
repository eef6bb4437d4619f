import Actions
import Foundation
import NIOCore
import Workflow

extension LiveCheckProber {
    /// GET `url`: healthy when the status is `expectStatus` (any 2xx without one) and the body contains
    /// `bodyContains` when given. Redirects are not followed (a 3xx is what the service answered).
    func probe(_ http: MonitorCheck.HTTPProbe, timeout: Duration) async -> CheckResult {
        var details: [String: JSONValue] = ["kind": "http", "url": .string(http.url)]
        guard let url = URL(string: http.url) else {
            return CheckResult(healthy: false, detail: "'\(http.url)' is not a URL", details: details)
        }
        let exchange = HTTPExchange(
            method: "GET", url: url, headers: [("User-Agent", "sundial-check")], maxResponseBytes: Self.maxCapturedBytes
        )
        let response: HTTPExchange.Response
        do {
            response = try await exchange.perform(policy: policy, deadline: .now() + .nanoseconds(timeout.nanoseconds))
        } catch let failure as ActionFailure {
            details["error"] = .string(failure.code)
            return CheckResult(healthy: false, detail: failure.message, details: details)
        } catch {
            details["error"] = "http.transport"
            return CheckResult(healthy: false, detail: "request to \(http.url) failed: \(error)", details: details)
        }
        details["status"] = .int(Int64(response.status))
        details["body"] = .string(Self.excerpt(response.body))
        let statusOK = http.expectStatus.map { Int64(response.status) == $0 } ?? (200..<300).contains(response.status)
        guard statusOK else {
            let expected = http.expectStatus.map { "\($0)" } ?? "2xx"
            return CheckResult(
                healthy: false, detail: "HTTP \(response.status) (expected \(expected))", details: details)
        }
        if let needle = http.bodyContains {
            let body = String(decoding: response.body, as: UTF8.self)
            guard body.contains(needle) else {
                return CheckResult(
                    healthy: false, detail: "HTTP \(response.status) but the body does not contain \"\(needle)\"",
                    details: details)
            }
        }
        return CheckResult(healthy: true, detail: "HTTP \(response.status)", details: details)
    }
}

extension Duration {
    /// The duration in whole nanoseconds (saturating).
    var nanoseconds: Int64 {
        let parts = components
        let (seconds, overflow) = parts.seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : seconds + parts.attoseconds / 1_000_000_000
    }
}
