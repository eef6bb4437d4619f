import Actions
import Workflow

/// Probes checks for real: HTTP through the Actions module's `HTTPExchange` under the agent's `OutboundPolicy`
/// (so a check reaches loopback or private addresses only when the allow list names them, like an HTTP step), TCP
/// with a NIO connect to the vetted address, and commands with `ChildProcess` (an argument vector, the agent's
/// `PATH`, `HOME` and `LANG` only).
public struct LiveCheckProber: CheckProbing {
    /// The most response body or output kept from one probe.
    static let maxCapturedBytes = 64 << 10
    /// The most text of a body or output put in the payload.
    static let excerptCharacters = 1_000

    public var policy: OutboundPolicy
    /// The environment child processes start from (only `PATH`, `HOME` and `LANG` are passed on).
    public var environment: [String: String]

    public init(policy: OutboundPolicy, environment: [String: String] = ChildProcess.currentEnvironment()) {
        self.policy = policy
        self.environment = environment
    }

    public func probe(_ check: MonitorCheck) async -> CheckResult {
        let timeout = Duration.seconds(check.timeoutSeconds)
        if let http = check.http { return await probe(http, timeout: timeout) }
        if let tcp = check.tcp { return await probe(tcp, timeout: timeout) }
        if let command = check.command { return await probe(command, timeout: timeout) }
        return CheckResult(
            healthy: false, detail: "the check names no probe (http, tcp or command)", details: ["kind": "none"])
    }

    /// At most `excerptCharacters` of `bytes` as text.
    static func excerpt(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        return text.count > excerptCharacters ? String(text.prefix(excerptCharacters)) + "…" : text
    }
}
