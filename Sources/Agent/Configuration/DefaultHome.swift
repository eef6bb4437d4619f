import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Where the agent keeps its database and keys when neither `--home` nor `$SUNDIAL_HOME` says: a place that does not
/// depend on the current directory, so `sundial agent` and the CLI find each other from anywhere.
///
/// - `$SUNDIAL_HOME` when set;
/// - else `./.sundial` when it exists there (the default of earlier releases: found and named, so an existing home
///   is not silently replaced by an empty one);
/// - else `/var/lib/sundial` for root;
/// - else `$XDG_STATE_HOME/sundial`, or `~/.local/state/sundial`.
public struct DefaultHome: Hashable, Sendable {
    /// The old default, relative to the current directory.
    public static let legacy = "./.sundial"
    /// Root's default.
    public static let system = "/var/lib/sundial"

    public var path: String
    /// Whether `path` is the old `./.sundial`, found in the current directory.
    public var isLegacy: Bool
    /// What the default would be without the old home.
    public var standard: String

    /// The default for `environment`, a process running as root or not, and whether `./.sundial` exists.
    public static func resolve(environment: [String: String], isRoot: Bool, legacyExists: Bool) -> DefaultHome {
        let standard: String
        if isRoot {
            standard = system
        } else if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            standard = (state.hasSuffix("/") ? String(state.dropLast()) : state) + "/sundial"
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            standard = (home.hasSuffix("/") ? String(home.dropLast()) : home) + "/.local/state/sundial"
        }
        if let explicit = environment["SUNDIAL_HOME"], !explicit.isEmpty {
            return DefaultHome(path: explicit, isLegacy: false, standard: standard)
        }
        if legacyExists { return DefaultHome(path: legacy, isLegacy: true, standard: standard) }
        return DefaultHome(path: standard, isLegacy: false, standard: standard)
    }

    /// The default for this process, in `environment`.
    public static func current(environment: [String: String]) -> DefaultHome {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: legacy, isDirectory: &isDirectory) && isDirectory.boolValue
        return resolve(environment: environment, isRoot: geteuid() == 0, legacyExists: exists)
    }

    /// The line that names an old home found in the current directory.
    public var legacyNotice: String? {
        guard isLegacy else { return nil }
        let absolute = FileManager.default.currentDirectoryPath + "/.sundial"
        return "using the home \(absolute) found in the current directory (the default of earlier releases); the "
            + "default is now \(standard): move it there, or name it with --home or $SUNDIAL_HOME"
    }
}
