import NIOPosix

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Resolves a host with the system resolver, the way the C library would before connecting.
///
/// `getaddrinfo` parses numeric hosts with `inet_aton` rules, so `2130706433`, `0x7f.1` and `0177.0.0.1` come back
/// as `127.0.0.1` and are judged as loopback like any other answer.
enum HostResolver {
    /// Resolves a host to its addresses; throws `Failure` when it cannot.
    typealias Lookup = @Sendable (String) async throws -> [IPAddress]

    struct Failure: Error, Sendable, CustomStringConvertible {
        var host: String
        var reason: String
        var description: String { "cannot resolve host '\(host)': \(reason)" }
    }

    /// All distinct addresses for `host` in resolver order, resolved on NIO's blocking-I/O thread pool so the
    /// cooperative pool never waits on DNS.
    static func resolve(_ host: String) async throws -> [IPAddress] {
        try await NIOThreadPool.singleton.runIfActive { try resolveBlocking(host) }
    }

    /// The blocking lookup.
    static func resolveBlocking(_ host: String) throws(Failure) -> [IPAddress] {
        var name = host
        if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Darwin)
            hints.ai_socktype = SOCK_STREAM
        #else
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(name, nil, &hints, &list)
        guard status == 0, let list else {
            throw Failure(host: host, reason: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(list) }
        var addresses: [IPAddress] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = list
        while let entry = cursor {
            if let socketAddress = entry.pointee.ai_addr, let address = IPAddress(socketAddress: socketAddress),
                !addresses.contains(address)
            {
                addresses.append(address)
            }
            cursor = entry.pointee.ai_next
        }
        return addresses
    }
}
