/// *Extension* `monitorTrigger.check`: a local probe the agent runs every `interval`; the trigger fires when it has
/// failed `failuresBeforeAlert` times in a row (and, with `notifyOnRecovery`, when it passes again).
///
/// Exactly one of `http`, `tcp` and `command` says what to probe:
/// `{"http": {"url": "http://127.0.0.1:8080/health"}, "interval": "30s", "failuresBeforeAlert": 3}`.
public struct MonitorCheck: Hashable, Sendable, Codable {
    /// The members a check accepts, for messages about unknown ones.
    public static let members = ["http", "tcp", "command", "interval", "timeout", "failuresBeforeAlert"]
    /// The interval when none is given.
    public static let defaultIntervalSeconds: Int64 = 60
    /// The timeout when none is given (never longer than the interval).
    public static let defaultTimeoutSeconds: Int64 = 10

    public var http: HTTPProbe?
    public var tcp: TCPProbe?
    public var command: CommandProbe?
    /// How often the probe runs, `"30s"` (`"60s"` when absent).
    public var interval: String?
    /// How long one probe may take before it counts as a failure, `"5s"` (10 s or the interval when absent).
    public var timeout: String?
    /// How many failures in a row raise the alert (1 when absent).
    public var failuresBeforeAlert: Int64?
    public var extra: [String: JSONValue]

    public init(
        http: HTTPProbe? = nil, tcp: TCPProbe? = nil, command: CommandProbe? = nil, interval: String? = nil,
        timeout: String? = nil, failuresBeforeAlert: Int64? = nil, extra: [String: JSONValue] = [:]
    ) {
        self.http = http
        self.tcp = tcp
        self.command = command
        self.interval = interval
        self.timeout = timeout
        self.failuresBeforeAlert = failuresBeforeAlert
        self.extra = extra
    }

    /// The interval in seconds (the default when absent or malformed; validation reports a malformed one).
    public var intervalSeconds: Int64 {
        interval.flatMap(IntervalText.seconds) ?? Self.defaultIntervalSeconds
    }

    /// The timeout in seconds, never longer than the interval.
    public var timeoutSeconds: Int64 {
        min(timeout.flatMap(IntervalText.seconds) ?? Self.defaultTimeoutSeconds, intervalSeconds)
    }

    /// The failures in a row that raise the alert, at least 1.
    public var threshold: Int { Int(max(1, min(failuresBeforeAlert ?? 1, 1_000_000))) }

    public init(from decoder: any Decoder) throws {
        let reader = try ObjectReader(decoder)
        http = try reader.optional("http")
        tcp = try reader.optional("tcp")
        command = try reader.optional("command")
        interval = try reader.optional("interval")
        timeout = try reader.optional("timeout")
        failuresBeforeAlert = try reader.optional("failuresBeforeAlert")
        extra = try reader.remaining()
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = ObjectWriter(encoder)
        try writer.write("http", http)
        try writer.write("tcp", tcp)
        try writer.write("command", command)
        try writer.write("interval", interval)
        try writer.write("timeout", timeout)
        try writer.write("failuresBeforeAlert", failuresBeforeAlert)
        try writer.finish(extra: extra)
    }
}
