/// Why a time zone could not be loaded.
public enum ZoneError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The system tz database has no zone by this name.
    case unknown(String)
    /// The name is not a plain IANA name: empty, absolute, with `.`/`..` components or odd characters.
    case invalidIdentifier(String, reason: String)
    /// The zone's file exists but cannot be read or is not valid TZif data.
    case invalidData(String, reason: String)

    public var description: String {
        switch self {
        case .unknown(let name):
            "unknown time zone '\(name)': expected an IANA name from the system tz database, such as "
                + "'Europe/Paris' or 'America/New_York'"
        case .invalidIdentifier(let name, let reason):
            "invalid time zone name '\(name)': \(reason); expected an IANA name such as 'Europe/Paris'"
        case .invalidData(let name, let reason):
            "time zone '\(name)' could not be loaded from the tz database: \(reason)"
        }
    }
}
