#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Random bytes from the kernel for ids, keys, tokens and secrets: `getentropy(3)`, which is the `getrandom(2)`
/// system call and needs no file descriptor, so it keeps working when the process has no descriptor left (where
/// `/dev/urandom` readers, Foundation's `UUID()` among them, fail or hand out zeros).
///
/// A failure is an error the caller must handle (a request fails with it), never a weaker or all-zero value.
///
/// ```swift
/// let id = try SecureRandom.system.uuid()        // "1b4e28ba-2fa1-41d2-883f-0016d3cca427"
/// let token = try SecureRandom.system.bytes(24)
/// ```
public struct SecureRandom: Sendable {
    /// Fills the buffer (at most 256 bytes) and returns 0, or returns an `errno` value.
    public typealias Source = @Sendable (UnsafeMutableRawBufferPointer) -> Int32

    /// The kernel's generator.
    public static let system = SecureRandom(source: SecureRandom.kernel)

    /// The most bytes one call of a source is asked for (`getentropy`'s limit).
    public static let chunkSize = 256

    private let source: Source

    /// A generator over `source`; tests pass one that fails.
    public init(source: @escaping Source) {
        self.source = source
    }

    /// `count` random bytes.
    /// - Throws: `SecureRandomError` when the kernel gives none (the system call is missing or refused).
    public func bytes(_ count: Int) throws(SecureRandomError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var failure: Int32 = 0
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let length = min(Self.chunkSize, buffer.count - offset)
                let chunk = UnsafeMutableRawBufferPointer(rebasing: buffer[offset..<(offset + length)])
                let status = source(chunk)
                if status == EINTR { continue }
                if status != 0 {
                    failure = status
                    return
                }
                offset += length
            }
        }
        if failure != 0 { throw SecureRandomError(errno: failure) }
        return bytes
    }

    /// A random (version 4) UUID in lowercase, `8-4-4-4-12` hex digits.
    /// - Throws: `SecureRandomError` when the kernel gives no random bytes.
    public func uuid() throws(SecureRandomError) -> String {
        var bytes = try self.bytes(16)
        bytes[6] = (bytes[6] & 0x0f) | 0x40  // version 4
        bytes[8] = (bytes[8] & 0x3f) | 0x80  // RFC 4122 variant
        let hex = Array(Hex.string(bytes))
        return String(hex[0..<8]) + "-" + String(hex[8..<12]) + "-" + String(hex[12..<16]) + "-"
            + String(hex[16..<20]) + "-" + String(hex[20..<32])
    }

    /// `getentropy(3)`: the `getrandom(2)` system call, blocking only until the kernel's pool is first seeded.
    private static let kernel: Source = { buffer in
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        return getentropy(base, buffer.count) == 0 ? 0 : errno
    }
}

/// The kernel gave no random bytes; what needed them (an id, a key, a secret) was not made.
public struct SecureRandomError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Always `random.unavailable`.
    public var code: String { "random.unavailable" }
    /// The `errno` of the failed `getrandom(2)` call.
    public var errno: Int32

    public init(errno: Int32) {
        self.errno = errno
    }

    public var description: String {
        let reason = String(cString: strerror(errno))
        return "the system's random generator (getrandom) failed: \(reason) (errno \(errno)); "
            + "no id, key or secret was made"
    }
}
