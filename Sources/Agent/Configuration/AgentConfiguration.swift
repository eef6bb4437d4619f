import Foundation
import Workflow
import Yams

/// Everything `sundial agent` can be told, from a YAML file and flags (flags win).
///
/// ```yaml
/// listen: 127.0.0.1:8470
/// home: /var/lib/sundial
/// workers: 8
/// workflowConcurrency: 4
/// synchronous: full          # or normal
/// allowOutbound: [127.0.0.1, 10.0.0.0/8]
/// limits: {maxBodyBytes: 1048576, maxJSONDepth: 64, maxStepsPerWorkflow: 200, maxOutputBytes: 1048576,
///          maxConnections: 512, headTimeoutSeconds: 10, bodyReadTimeoutSeconds: 30, idleTimeoutSeconds: 60}
/// logLevel: info             # trace, debug, info, notice, warning, error, critical
/// logFormat: text            # or json
/// shutdownGraceSeconds: 30
/// callbackSecretFile: /etc/sundial/callback.key   # default: $home/callback.key, created on first start
/// callbackConcurrency: 32
/// callbackPerReceiverConcurrency: 4   # attempts in flight to one receiver (scheme, host and port)
/// callbackConnectTimeoutSeconds: 5
/// retention: {maxAgeDays: 30, maxExecutionsPerWorkflow: 10000}   # 0 days keeps finished runs for ever
/// allowUnknownActions: false # true accepts workflows using actions the agent does not have
/// ```
///
/// A key the file does not know (`worker` for `workers`) stops the agent from starting, naming the nearest known
/// key (see `AgentConfiguration+UnknownKeys.swift`).
public struct AgentConfiguration: Hashable, Sendable {
    /// How log lines are written to standard error.
    public enum LogFormat: String, Hashable, Sendable, Codable, CaseIterable {
        case text
        /// One JSON object per line.
        case json
    }

    public var listen: ListenAddress
    /// The directory of the database, the admin key and the actions directory.
    public var home: String
    /// How many executions run at once.
    public var workers: Int
    /// How many executions of one workflow run at once; `nil` for no limit beyond `workers`.
    public var workflowConcurrency: Int?
    /// `full` (no acknowledged write lost on power failure) or `normal`.
    public var synchronous: String
    /// Networks, addresses or hosts outbound HTTP may reach although they are private or loopback.
    public var allowOutbound: [String]
    public var limits: AgentLimits
    public var logLevel: String
    public var logFormat: LogFormat
    /// How long running steps may take to finish after SIGTERM before they are cancelled.
    public var shutdownGraceSeconds: Int
    /// The file holding the callback signing secret (`whsec_…`); `nil` for `$home/callback.key`, which the agent
    /// creates on first start.
    public var callbackSecretFile: String?
    /// How many callbacks are delivered at once.
    public var callbackConcurrency: Int
    /// How many callbacks to one receiver (scheme, host and port) are delivered at once; at most `callbackConcurrency`.
    public var callbackPerReceiverConcurrency: Int
    /// How long connecting to a callback receiver may take.
    public var callbackConnectTimeoutSeconds: Int
    /// How long finished executions are kept, and how many per workflow.
    public var retention: AgentRetention
    /// Accept workflows whose steps name an action the agent does not have (they fail when the step runs).
    public var allowUnknownActions: Bool
    /// Start on a new, empty database although the home holds an admin key, the sign of a lost database (the
    /// `--new-database` flag only: a setting in the file would defeat the check). See `LostDatabase`.
    public var newDatabase = false

    /// The defaults: the home `DefaultHome` finds (`$SUNDIAL_HOME`, else `/var/lib/sundial` for root, else
    /// `$XDG_STATE_HOME/sundial` or `~/.local/state/sundial`; an old `./.sundial` is used when it exists), 127.0.0.1:8470,
    /// 8 workers, FULL durability, text logs at info, finished executions kept 30 days.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        listen = ListenAddress(host: "127.0.0.1", port: 8470)
        home = DefaultHome.current(environment: environment).path
        workers = 8
        workflowConcurrency = nil
        synchronous = "full"
        allowOutbound = []
        limits = AgentLimits()
        logLevel = "info"
        logFormat = .text
        shutdownGraceSeconds = 30
        callbackSecretFile = nil
        callbackConcurrency = 32
        callbackPerReceiverConcurrency = 4
        callbackConnectTimeoutSeconds = 5
        retention = AgentRetention()
        allowUnknownActions = false
    }

    /// The defaults overlaid with the members a YAML configuration file sets.
    /// - Parameter source: the file's path, which messages start with.
    /// - Throws: `ConfigurationError` naming the file, the key that is wrong (`limits.maxJSONDepth`), what was found
    ///   and what it accepts.
    public static func load(
        yaml text: String, source: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigurationError) -> AgentConfiguration {
        var configuration = AgentConfiguration(environment: environment)
        try checkKeys(yaml: text)
        let file: File
        do {
            file = try YAMLDecoder().decode(File.self, from: text.isEmpty ? "{}" : text)
        } catch {
            throw ConfigurationError(Self.decodingMessage(error, text: text, source: source))
        }
        if let listen = file.listen { configuration.listen = try ListenAddress(parsing: listen) }
        if let home = file.home { configuration.home = home }
        if let workers = file.workers { configuration.workers = workers }
        if let concurrency = file.workflowConcurrency { configuration.workflowConcurrency = concurrency }
        if let synchronous = file.synchronous { configuration.synchronous = synchronous }
        if let allow = file.allowOutbound { configuration.allowOutbound = allow }
        if let limits = file.limits { configuration.limits = limits }
        if let level = file.logLevel { configuration.logLevel = level }
        if let format = file.logFormat { configuration.logFormat = format }
        if let grace = file.shutdownGraceSeconds { configuration.shutdownGraceSeconds = grace }
        if let secretFile = file.callbackSecretFile { configuration.callbackSecretFile = secretFile }
        if let concurrency = file.callbackConcurrency { configuration.callbackConcurrency = concurrency }
        if let perReceiver = file.callbackPerReceiverConcurrency {
            configuration.callbackPerReceiverConcurrency = perReceiver
        }
        if let connect = file.callbackConnectTimeoutSeconds { configuration.callbackConnectTimeoutSeconds = connect }
        if let retention = file.retention { configuration.retention = retention }
        if let allow = file.allowUnknownActions { configuration.allowUnknownActions = allow }
        try configuration.check()
        return configuration
    }

    /// Refuses values the agent cannot run with.
    public func check() throws(ConfigurationError) {
        guard workers >= 1 else { throw ConfigurationError("workers must be at least 1, found \(workers)") }
        if let workflowConcurrency, workflowConcurrency < 1 {
            throw ConfigurationError("workflowConcurrency must be at least 1, found \(workflowConcurrency)")
        }
        guard ["full", "normal"].contains(synchronous.lowercased()) else {
            throw ConfigurationError("synchronous must be 'full' or 'normal', found '\(synchronous)'")
        }
        guard ["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(logLevel) else {
            throw ConfigurationError(
                "logLevel must be one of trace, debug, info, notice, warning, error, critical; found '\(logLevel)'")
        }
        try limits.check()
        guard shutdownGraceSeconds >= 0 else { throw ConfigurationError("shutdownGraceSeconds must be 0 or more") }
        guard (1...1024).contains(callbackConcurrency) else {
            throw ConfigurationError("callbackConcurrency must be 1 to 1024, found \(callbackConcurrency)")
        }
        guard (1...1024).contains(callbackPerReceiverConcurrency) else {
            throw ConfigurationError(
                "callbackPerReceiverConcurrency must be 1 to 1024 (at most callbackConcurrency is used), found "
                    + "\(callbackPerReceiverConcurrency)")
        }
        guard (1...30).contains(callbackConnectTimeoutSeconds) else {
            throw ConfigurationError(
                "callbackConnectTimeoutSeconds must be 1 to 30 (the attempt's whole timeout), found "
                    + "\(callbackConnectTimeoutSeconds)")
        }
        if let callbackSecretFile, callbackSecretFile.isEmpty {
            throw ConfigurationError("callbackSecretFile must be a path to a file holding a whsec_… secret")
        }
        try retention.check()
    }

    /// `$home/sundial.db`.
    public var databasePath: String { (home as NSString).appendingPathComponent("sundial.db") }
    /// `$home/admin.key`.
    public var adminKeyPath: String { (home as NSString).appendingPathComponent("admin.key") }
    /// `$home/secrets.key`: the key stored secrets are sealed with.
    public var secretsKeyPath: String { (home as NSString).appendingPathComponent("secrets.key") }
    /// `$home/actions`.
    public var actionsDirectory: String { (home as NSString).appendingPathComponent("actions") }
    /// `callbackSecretFile`, else `$home/callback.key`.
    public var callbackSecretPath: String {
        callbackSecretFile ?? (home as NSString).appendingPathComponent("callback.key")
    }

    /// The members a configuration file may set (internal, so that the unknown-key check can list them).
    struct File: Decodable {
        var listen: String?
        var home: String?
        var workers: Int?
        var workflowConcurrency: Int?
        var synchronous: String?
        var allowOutbound: [String]?
        var limits: AgentLimits?
        var logLevel: String?
        var logFormat: LogFormat?
        var shutdownGraceSeconds: Int?
        var callbackSecretFile: String?
        var callbackConcurrency: Int?
        var callbackPerReceiverConcurrency: Int?
        var callbackConnectTimeoutSeconds: Int?
        var retention: AgentRetention?
        var allowUnknownActions: Bool?
    }
}

/// A `host:port` the HTTP server binds.
public struct ListenAddress: Hashable, Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Reads `127.0.0.1:8470` or `[::1]:8470`.
    /// - Throws: `ConfigurationError` when there is no port or it is not 0…65535.
    public init(parsing text: String) throws(ConfigurationError) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65535).contains(port)
        else {
            throw ConfigurationError("listen address '\(text)' must be HOST:PORT, e.g. 127.0.0.1:8470")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else {
            throw ConfigurationError("listen address '\(text)' has no host; e.g. 127.0.0.1:8470")
        }
        self.init(host: host, port: port)
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// A configuration value the agent cannot use, with what it would accept.
public struct ConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
