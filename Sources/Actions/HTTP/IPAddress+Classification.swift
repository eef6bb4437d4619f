/// The special-purpose ranges outbound requests refuse by default.
extension IPAddress {
    /// Why this address is not a public unicast destination (`"loopback"`, `"cloud metadata"`, …), or nil when it is.
    ///
    /// IPv6 forms that carry an IPv4 address — mapped (`::ffff:a.b.c.d`), compatible (`::a.b.c.d`), NAT64
    /// (`64:ff9b::/96`) and 6to4 (`2002::/16`) — are judged by the IPv4 address inside, so `[::ffff:127.0.0.1]`
    /// is loopback.
    public var specialPurpose: String? {
        switch self {
        case .v4:
            return Self.firstMatch(in: Self.ipv4Ranges, for: self)
        case .v6(let value):
            if let embedded = embeddedIPv4(value) { return embedded.specialPurpose.map { "\($0) (IPv4 in IPv6)" } }
            return Self.firstMatch(in: Self.ipv6Ranges, for: self)
        }
    }

    private func embeddedIPv4(_ value: UInt128) -> IPAddress? {
        let low32 = IPAddress.v4(UInt32(truncatingIfNeeded: value))
        if value >> 32 == 0xffff || (value >> 32 == 0 && value > 1) { return low32 }  // mapped, compatible
        if value >> 32 == 0x64_ff9b_0000_0000_0000_0000 { return low32 }  // NAT64 well-known prefix
        if value >> 112 == 0x2002 { return .v4(UInt32(truncatingIfNeeded: value >> 80)) }  // 6to4
        return nil
    }

    private static func firstMatch(in ranges: [(IPNetwork, String)], for address: IPAddress) -> String? {
        ranges.first { $0.0.contains(address) }?.1
    }

    private static func range(_ text: String, _ reason: String) -> (IPNetwork, String) {
        (IPNetwork(text)!, reason)
    }

    /// Most specific first, so the metadata address is named as such rather than as link-local.
    static let ipv4Ranges: [(IPNetwork, String)] = [
        range("169.254.169.254/32", "cloud metadata"),
        range("0.0.0.0/8", "unspecified"),
        range("127.0.0.0/8", "loopback"),
        range("10.0.0.0/8", "private"),
        range("172.16.0.0/12", "private"),
        range("192.168.0.0/16", "private"),
        range("169.254.0.0/16", "link-local"),
        range("100.64.0.0/10", "carrier-grade NAT"),
        range("192.0.0.0/24", "IETF protocol assignments"),
        range("198.18.0.0/15", "benchmarking"),
        range("224.0.0.0/4", "multicast"),
        range("240.0.0.0/4", "reserved"),
    ]

    static let ipv6Ranges: [(IPNetwork, String)] = [
        range("fd00:ec2::254/128", "cloud metadata"),
        range("::/128", "unspecified"),
        range("::1/128", "loopback"),
        range("fc00::/7", "private (unique local)"),
        range("fe80::/10", "link-local"),
        range("fec0::/10", "site-local"),
        range("ff00::/8", "multicast"),
        range("100::/64", "discard"),
    ]
}
