#if canImport(Glibc)
    import Glibc
#endif

/// Files only their owner may read: the admin key and the callback signing secret.
enum OwnerOnlyFile {
    /// Creates `path` readable and writable only by its owner (mode 0600) and writes `text`; `false` when the file
    /// already exists (another process created it first), which is left as it is.
    /// - Throws: `ConfigurationError` naming the path when it cannot be created or written.
    static func create(_ path: String, text: String) throws(ConfigurationError) -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        if descriptor < 0, errno == EEXIST { return false }
        guard descriptor >= 0 else {
            throw ConfigurationError("cannot create \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count else {
            throw ConfigurationError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
        return true
    }
}
