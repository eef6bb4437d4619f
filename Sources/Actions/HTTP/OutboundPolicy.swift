/// Which addresses outbound HTTP may reach: public unicast addresses, plus whatever the allow list names.
///
/// By default loopback, unspecified, private, link-local, carrier-grade NAT, multicast, reserved and cloud metadata
/// addresses are refused (see `IPAddress.specialPurpose`). The check runs on the addresses a host name resolves to,
/// and the connection then goes to the vetted address, so DNS cannot answer differently between check and connect.
public struct OutboundPolicy: Hashable, Sendable {
    /// Networks reachable even though they are special-purpose, e.g. `127.0.0.1/32` for a local service.
    public var allowedNetworks: [IPNetwork]
    /// Host names (lowercase, exact match) whose resolved addresses are all accepted.
    public var allowedHosts: Set<String>

    public init(allowedNetworks: [IPNetwork] = [], allowedHosts: Set<String> = []) {
        self.allowedNetworks = allowedNetworks
        self.allowedHosts = Set(allowedHosts.map { $0.lowercased() })
    }

    /// Builds a policy from configuration entries, each a CIDR (`10.0.0.0/8`), an address (`::1`) or a host name.
    /// - Throws: `OutboundPolicyError` for an entry that is none of these (e.g. `10.0.0.0/33`).
    public init(allowing entries: [String]) throws(OutboundPolicyError) {
        var networks: [IPNetwork] = []
        var hosts: Set<String> = []
        for entry in entries {
            let trimmed = entry.trimmingSpaces()
            if let network = IPNetwork(trimmed) {
                networks.append(network)
            } else if trimmed.contains("/") || trimmed.contains(":") || trimmed.isEmpty
                || !trimmed.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") })
            {
                throw OutboundPolicyError(entry: entry)
            } else {
                hosts.insert(trimmed.lowercased())
            }
        }
        self.init(allowedNetworks: networks, allowedHosts: hosts)
    }

    /// Why `address` may not be reached, or nil when it may.
    public func refusal(for address: IPAddress) -> String? {
        guard let reason = address.specialPurpose else { return nil }
        return allowedNetworks.contains { $0.contains(address) } ? nil : reason
    }

    /// The address to connect to for `host`, after checking every address it resolved to.
    ///
    /// All resolved addresses must pass, not just the first: otherwise a name with one public and one private
    /// address could be steered to the private one by a later resolution.
    /// - Throws: `OutboundRefusal` naming the address and the range it falls in.
    public func vet(host: String, addresses: [IPAddress]) throws(OutboundRefusal) -> IPAddress {
        guard let first = addresses.first else {
            throw OutboundRefusal(host: host, address: nil, reason: "it resolved to no address")
        }
        if allowedHosts.contains(host.lowercased()) { return first }
        for address in addresses {
            if let reason = refusal(for: address) {
                throw OutboundRefusal(host: host, address: address, reason: reason)
            }
        }
        return first
    }
}

/// An allow-list entry that is neither a network nor a host name.
public struct OutboundPolicyError: Error, Hashable, Sendable, CustomStringConvertible {
    public var entry: String

    public var description: String {
        "outbound allow-list entry '\(entry)' is not a CIDR network (10.0.0.0/8, fd00::/8), an IP address "
            + "or a host name"
    }
}

/// A destination the policy refuses.
public struct OutboundRefusal: Error, Hashable, Sendable, CustomStringConvertible {
    public var host: String
    public var address: IPAddress?
    public var reason: String

    public var description: String {
        guard let address else { return "refusing to connect to '\(host)': \(reason)" }
        let via = address.description == host ? "" : " (resolved to \(address))"
        return "refusing to connect to '\(host)'\(via): \(reason) addresses are blocked; "
            + "add the address or network to the outbound allow list to permit it"
    }
}
