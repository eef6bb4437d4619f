/// Settings the built-in and plugin actions share, set once by whoever builds the registry (the agent or the CLI).
public struct ActionsConfiguration: Sendable {
    /// Which special-purpose addresses `com.datadoghq.http.request` may reach (none by default).
    public var outboundPolicy: OutboundPolicy
    /// How long a child process has between `SIGTERM` and `SIGKILL` on timeout or cancellation.
    public var terminationGrace: Duration
    /// How long a plugin may run before it is stopped and its step fails with `plugin.timeout`.
    public var pluginTimeout: Duration
    /// The most bytes a plugin may print on stdout; more fails the step with `plugin.output`.
    public var maxPluginOutputBytes: Int
    /// The agent's environment, from which children inherit `PATH`, `HOME` and `LANG` (and nothing else).
    public var environment: [String: String]
    /// The directory whose presence means PID 1 is systemd (what `sd_booted(3)` checks).
    public var systemdRuntimeDirectory: String
    /// The `systemctl` program: a name looked up in `PATH`, or a path.
    public var systemctl: String

    public init(
        outboundPolicy: OutboundPolicy = OutboundPolicy(),
        terminationGrace: Duration = .seconds(5),
        pluginTimeout: Duration = .seconds(60),
        maxPluginOutputBytes: Int = 4 << 20,
        environment: [String: String]? = nil,
        systemdRuntimeDirectory: String = "/run/systemd/system",
        systemctl: String = "systemctl"
    ) {
        self.outboundPolicy = outboundPolicy
        self.terminationGrace = terminationGrace
        self.pluginTimeout = pluginTimeout
        self.maxPluginOutputBytes = maxPluginOutputBytes
        self.environment = environment ?? ChildProcess.currentEnvironment()
        self.systemdRuntimeDirectory = systemdRuntimeDirectory
        self.systemctl = systemctl
    }
}
