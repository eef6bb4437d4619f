#if canImport(Glibc)
    import Glibc
#endif

/// The process's open-file limit (`RLIMIT_NOFILE`): every connection, database handle, callback and step process
/// takes descriptors from it.
public struct FileLimit: Hashable, Sendable {
    /// The soft limit in force.
    public var soft: Int
    /// The hard limit, the most the soft one may be raised to.
    public var hard: Int
    /// The soft limit before `raised()` changed it; `nil` when it was left as it was.
    public var raisedFrom: Int?
    /// Why the soft limit could not be raised, when it could not.
    public var failure: String?

    /// The limits as they are.
    public static func current() -> FileLimit {
        var limit = rlimit()
        getrlimit(Self.resource, &limit)
        return FileLimit(soft: Self.count(limit.rlim_cur), hard: Self.count(limit.rlim_max))
    }

    /// Raises the soft limit to the hard one (as nginx's `worker_rlimit_nofile` and systemd's services expect a
    /// daemon to do); returns the limits then in force.
    public static func raised() -> FileLimit {
        var limit = rlimit()
        guard getrlimit(Self.resource, &limit) == 0 else {
            return FileLimit(soft: 1024, hard: 1024, failure: String(cString: strerror(errno)))
        }
        guard limit.rlim_cur < limit.rlim_max else {
            return FileLimit(soft: Self.count(limit.rlim_cur), hard: Self.count(limit.rlim_max))
        }
        let before = limit.rlim_cur
        // An unlimited hard limit is not a valid soft one for descriptors: the kernel's nr_open caps it.
        var wanted = limit
        wanted.rlim_cur = limit.rlim_max == Self.infinity ? rlim_t(1 << 20) : limit.rlim_max
        if setrlimit(Self.resource, &wanted) != 0 {
            let reason = String(cString: strerror(errno))
            return FileLimit(soft: Self.count(before), hard: Self.count(limit.rlim_max), failure: reason)
        }
        return FileLimit(
            soft: Self.count(wanted.rlim_cur), hard: Self.count(limit.rlim_max), raisedFrom: Self.count(before))
    }

    public init(soft: Int, hard: Int, raisedFrom: Int? = nil, failure: String? = nil) {
        self.soft = soft
        self.hard = hard
        self.raisedFrom = raisedFrom
        self.failure = failure
    }

    #if os(Linux)
        private static let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
    #else
        private static let resource = RLIMIT_NOFILE
    #endif

    /// `RLIM_INFINITY` (all ones), which Swift cannot import as a literal.
    private static let infinity = rlim_t.max

    private static func count(_ value: rlim_t) -> Int {
        value == Self.infinity || value > rlim_t(Int.max) ? Int.max : Int(value)
    }
}
