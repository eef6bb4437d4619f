import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finds, reads and caches zones from a tz database directory (`$TZDIR`, else `/usr/share/zoneinfo`).
///
/// Loaded zones are kept for the life of the process, keyed by directory and name, so after the first load a
/// zone costs a lock and a dictionary lookup.
struct ZoneLoader: Sendable {
    /// The directory holding TZif files.
    let directory: String

    /// The system tz database: `$TZDIR` when set and non-empty, else `/usr/share/zoneinfo`.
    static let system: ZoneLoader = {
        if let value = getenv("TZDIR"), value.pointee != 0 {
            return ZoneLoader(directory: String(cString: value))
        }
        return ZoneLoader(directory: "/usr/share/zoneinfo")
    }()

    /// Names that always mean UTC, even on a system without a tz database.
    static let utcNames: Set<String> = [
        "UTC", "Z", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Zulu", "Zulu", "Etc/Universal",
        "Universal", "GMT", "Etc/GMT", "Etc/GMT0", "Etc/GMT+0", "Etc/GMT-0", "GMT0", "GMT+0", "GMT-0", "Etc/Greenwich",
        "Greenwich",
    ]

    /// TZif files are a few kilobytes; anything this large is not one.
    static let maximumFileSize = 1 << 22

    /// A loaded zone's place in the cache.
    private struct Key: Hashable {
        var directory: String
        var identifier: String
    }

    private static let cache = Mutex<[Key: ZoneRules]>([:])

    /// The rules for `identifier`, from the cache or the disk.
    /// - Throws: `ZoneError.invalidIdentifier` for a name that is not a relative path inside the database,
    ///   `.unknown` when there is no such file, `.invalidData` when the file cannot be read or is not TZif.
    func rules(for identifier: String) throws(ZoneError) -> ZoneRules {
        let key = Key(directory: directory, identifier: identifier)
        // Only validated names enter the cache, so a hit needs no validation.
        if let cached = Self.cache.withLock({ $0[key] }) { return cached }
        try Self.validate(identifier)
        let rules = try load(identifier)
        return Self.cache.withLock { cache in
            if let raced = cache[key] { return raced }
            cache[key] = rules
            return rules
        }
    }

    /// Accepts only names that stay inside the database: relative, no `.` or `..` components, and the
    /// characters IANA names use (letters, digits, `/`, `_`, `-`, `+`, `.`).
    static func validate(_ identifier: String) throws(ZoneError) {
        guard !identifier.isEmpty, identifier.utf8.count <= 255 else {
            throw .invalidIdentifier(identifier, reason: "a zone name must have 1 to 255 characters")
        }
        let allowed = identifier.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "/"), UInt8(ascii: "_"), UInt8(ascii: "-"),
                UInt8(ascii: "+"), UInt8(ascii: "."):
                true
            default: false
            }
        }
        guard allowed else {
            throw .invalidIdentifier(identifier, reason: "only letters, digits and '/', '_', '-', '+', '.' may appear")
        }
        for component in identifier.split(separator: "/", omittingEmptySubsequences: false) {
            guard !component.isEmpty, component != ".", component != ".." else {
                throw .invalidIdentifier(identifier, reason: "a zone name is a relative path without '.', '..' or '//'")
            }
        }
    }
}

extension ZoneLoader {
    /// Reads and parses the zone's file; a UTC alias works without one.
    private func load(_ identifier: String) throws(ZoneError) -> ZoneRules {
        let bytes: [UInt8]
        do throws(ZoneError) {
            bytes = try contents(of: identifier)
        } catch .unknown(let name) where Self.utcNames.contains(name) {
            return ZoneRules(fixedOffset: 0)
        }
        do throws(TZifParser.Failure) {
            return try ZoneRules.make(from: TZifParser.parse(bytes))
        } catch {
            throw .invalidData(identifier, reason: error.description)
        }
    }

    /// The bytes of the zone's file.
    private func contents(of identifier: String) throws(ZoneError) -> [UInt8] {
        let path = directory + "/" + identifier
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR { throw .unknown(identifier) }
            throw .invalidData(identifier, reason: "cannot open \(path): \(Self.message(code))")
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw .invalidData(identifier, reason: "cannot inspect \(path): \(Self.message(errno))")
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            // A directory such as `America` is a region, not a zone.
            throw .unknown(identifier)
        }
        guard Int(status.st_size) <= Self.maximumFileSize else {
            throw .invalidData(identifier, reason: "\(path) is too large to be a TZif file")
        }
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size))
        var filled = 0
        while filled < bytes.count {
            let count = bytes.withUnsafeMutableBytes { buffer in
                read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else {
                throw .invalidData(identifier, reason: "cannot read \(path): \(Self.message(errno))")
            }
            if count == 0 { break }
            filled += count
        }
        return Array(bytes[..<filled])
    }

    private static func message(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
