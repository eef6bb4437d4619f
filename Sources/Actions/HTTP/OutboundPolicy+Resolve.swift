import Workflow

extension OutboundPolicy {
    /// Resolves `host` with the system resolver (off the cooperative pool) and returns the address to connect to,
    /// after checking every address it resolved to, for outbound connections that are not HTTP (a TCP check).
    /// - Throws: `ActionFailure` `net.dns` when the name does not resolve, `net.blocked` when the policy refuses it.
    public func vettedAddress(for host: String) async throws -> IPAddress {
        let addresses: [IPAddress]
        do {
            addresses = try await HostResolver.resolve(host)
        } catch let failure as HostResolver.Failure {
            throw ActionFailure(code: "net.dns", message: failure.description)
        }
        do {
            return try vet(host: host, addresses: addresses)
        } catch {
            throw ActionFailure(code: "net.blocked", message: error.description)
        }
    }
}
