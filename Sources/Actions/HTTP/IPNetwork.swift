/// A range of addresses in CIDR notation (`10.0.0.0/8`, `fc00::/7`); a bare address is a one-address network.
public struct IPNetwork: Hashable, Sendable, CustomStringConvertible {
    public let address: IPAddress
    public let prefixLength: Int

    /// - Parameters:
    ///   - address: any address in the network; bits past the prefix are ignored.
    ///   - prefixLength: 0...32 for IPv4, 0...128 for IPv6.
    public init?(_ address: IPAddress, prefixLength: Int) {
        guard (0...address.bitWidth).contains(prefixLength) else { return nil }
        self.address = address
        self.prefixLength = prefixLength
    }

    /// Parses `ADDRESS/PREFIX` or a bare `ADDRESS`.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let address = IPAddress(String(parts[0])) else { return nil }
        if parts.count == 2 {
            guard parts[1].allSatisfy(\.isASCII), let length = Int(parts[1]) else { return nil }
            self.init(address, prefixLength: length)
        } else {
            self.init(address, prefixLength: address.bitWidth)
        }
    }

    /// Whether `candidate` lies in this network; an IPv4 address never lies in an IPv6 network or the reverse.
    public func contains(_ candidate: IPAddress) -> Bool {
        switch (address, candidate) {
        case (.v4(let network), .v4(let value)):
            let mask: UInt32 = prefixLength == 0 ? 0 : ~0 << (32 - prefixLength)
            return network & mask == value & mask
        case (.v6(let network), .v6(let value)):
            let mask: UInt128 = prefixLength == 0 ? 0 : ~0 << (128 - prefixLength)
            return network & mask == value & mask
        default:
            return false
        }
    }

    public var description: String { "\(address)/\(prefixLength)" }
}
