#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// An IPv4 or IPv6 address as a number, so that ranges are checked with integer masks.
public enum IPAddress: Hashable, Sendable, CustomStringConvertible {
    case v4(UInt32)
    case v6(UInt128)

    /// Parses the canonical textual forms: a dotted quad (`10.0.0.1`) or an IPv6 address (`::1`, `fd00:ec2::254`,
    /// `::ffff:127.0.0.1`), optionally in brackets. Returns nil for anything else (host names, `0x7f.1`): those
    /// forms reach the network only through `HostResolver`, whose answers are numeric addresses.
    public init?(_ text: String) {
        var text = Substring(text)
        if text.hasPrefix("["), text.hasSuffix("]") { text = text.dropFirst().dropLast() }
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, String(text), &v4) == 1 {
            self = .v4(UInt32(bigEndian: v4.s_addr))
        } else if inet_pton(AF_INET6, String(text), &v6) == 1 {
            self = withUnsafeBytes(of: &v6) { Self(bytes: Array($0)) }
        } else {
            return nil
        }
    }

    /// An address from network-order bytes: 4 for IPv4, 16 for IPv6.
    init(bytes: [UInt8]) {
        if bytes.count == 4 {
            self = .v4(bytes.reduce(0) { $0 << 8 | UInt32($1) })
        } else {
            self = .v6(bytes.reduce(0) { $0 << 8 | UInt128($1) })
        }
    }

    /// The address of a socket address from `getaddrinfo`, or nil for other families.
    init?(socketAddress: UnsafePointer<sockaddr>) {
        switch Int32(socketAddress.pointee.sa_family) {
        case AF_INET:
            let address = socketAddress.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
            self = .v4(UInt32(bigEndian: address.s_addr))
        case AF_INET6:
            var address = socketAddress.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_addr }
            self = withUnsafeBytes(of: &address) { Self(bytes: Array($0)) }
        default:
            return nil
        }
    }

    /// Network-order bytes.
    var bytes: [UInt8] {
        switch self {
        case .v4(let value): (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * $0)) }
        case .v6(let value): (0..<16).map { UInt8(truncatingIfNeeded: value >> (120 - 8 * $0)) }
        }
    }

    /// The number of bits: 32 or 128.
    var bitWidth: Int {
        switch self {
        case .v4: 32
        case .v6: 128
        }
    }

    /// The canonical text (`127.0.0.1`, `::ffff:127.0.0.1`), as `inet_ntop` prints it.
    public var description: String {
        var bytes = self.bytes
        let family = bytes.count == 4 ? AF_INET : AF_INET6
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        _ = inet_ntop(family, &bytes, &buffer, socklen_t(buffer.count))
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The form a URL or a connection target needs: IPv6 in brackets.
    var uriHost: String {
        switch self {
        case .v4: description
        case .v6: "[\(description)]"
        }
    }
}
