import Actions
import Foundation
import Workflow

extension LiveCheckProber {
    /// Why `policy` will refuse the target of `check` whatever DNS answers, or `nil` when it may be reached or only a
    /// lookup at probe time can tell (a host name). Known before the check runs: an IP literal, or `localhost`.
    ///
    /// A refused target is a configuration mistake, not a failing service, so the agent refuses such a check when
    /// the workflow is written, and at run time never counts a refusal as a failure (see `CheckRunner`).
    public static func targetProblem(_ check: MonitorCheck, policy: OutboundPolicy) -> String? {
        let host: String
        if let http = check.http {
            guard let url = URL(string: http.url), let urlHost = url.host, !urlHost.isEmpty else { return nil }
            host = urlHost
        } else if let tcp = check.tcp {
            host = tcp.host
        } else {
            return nil
        }
        var bare = host.lowercased()
        if bare.hasPrefix("["), bare.hasSuffix("]") { bare = String(bare.dropFirst().dropLast()) }
        let addresses: [IPAddress]
        if let address = IPAddress(bare) {
            addresses = [address]
        } else if bare == "localhost" || bare.hasSuffix(".localhost") {
            addresses = [IPAddress("127.0.0.1"), IPAddress("::1")].compactMap { $0 }
        } else {
            return nil
        }
        do {
            _ = try policy.vet(host: bare, addresses: addresses)
            return nil
        } catch {
            return "the agent's outbound policy refuses the check's target: \(error.description)"
        }
    }
}
