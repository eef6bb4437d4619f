import Actions
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Store
import UnixSignals
import Workflow

/// The daemon: the SQLite store in the home directory, the admin key on first start, recovery of what the last
/// run left and the triggers armed, then one `ServiceGroup` of the worker pool, the schedule driver and the HTTP
/// server that SIGTERM or SIGINT stop gracefully
/// (the server stops accepting and finishes its requests, running executions get `shutdownGraceSeconds` to end,
/// then the store commits what is queued and closes).
///
/// ```swift
/// try await Agent(configuration: AgentConfiguration(), logger: logger).run()
/// ```
public struct Agent: Sendable {
    public var configuration: AgentConfiguration
    public var logger: Logger

    public init(configuration: AgentConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Runs until SIGTERM or SIGINT.
    /// - Parameter onListening: called with the bound port once the server accepts connections.
    /// - Throws: `ConfigurationError` for a home, allow list or plugin directory it cannot use; `StoreError` when
    ///   the database cannot be opened.
    public func run(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try configuration.check()
        try Self.makeHome(configuration.home)
        let store = try SQLiteStore(
            .file(configuration.databasePath),
            options: SQLiteStore.Options(
                synchronous: configuration.synchronous.lowercased() == "normal" ? .normal : .full))
        let runtime = AgentRuntime(
            store: store, registry: try makeRegistry(),
            dispatcher: ExecutionDispatcher(workflowConcurrency: configuration.workflowConcurrency),
            limits: configuration.limits, logger: logger, actionsDirectory: configuration.actionsDirectory)
        try await withThrowingTaskGroup(of: Void.self) { group in
            // The writer runs for the agent's whole life and commits what is queued when it is cancelled.
            group.addTask { await store.run() }
            defer { group.cancelAll() }
            try await prepare(runtime)
            try await serve(runtime, onListening: onListening)
        }
        logger.info("agent stopped")
    }

    /// Creates the admin key on first start, recovers the executions the last run left and arms the triggers.
    func prepare(_ runtime: AgentRuntime) async throws {
        if try await AdminKey.ensure(at: configuration.adminKeyPath, store: runtime.store, now: runtime.now()) {
            logger.notice(
                "created the admin API key; send it as DD-API-KEY or 'Authorization: Bearer'",
                metadata: ["key.file": "\(configuration.adminKeyPath)"])
        }
        let recovered = try await Recovery(runtime: runtime).run()
        if recovered.requeued + recovered.failed > 0 {
            logger.notice(
                "recovered executions from the last run",
                metadata: ["requeued": "\(recovered.requeued)", "failed": "\(recovered.failed)"])
        }
        // After recovery, before the workers: the runs it queued again count for the overlap behaviors. The
        // schedule driver arms the stored triggers once it runs.
        try await runtime.triggers.recoverRuns()
    }

    /// Runs the worker pool, the schedule driver and the HTTP server until a shutdown signal.
    func serve(_ runtime: AgentRuntime, onListening: @escaping @Sendable (Int) async -> Void) async throws {
        let logger = self.logger
        let listen = configuration.listen
        let application = Application(
            router: AgentRouter.make(runtime: runtime),
            configuration: ApplicationConfiguration(
                address: .hostname(listen.host, port: listen.port), serverName: "sundial"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? listen.port
                logger.notice("listening", metadata: ["http.address": "\(listen.host):\(port)"])
                await onListening(port)
            },
            logger: logger)
        var groupConfiguration = ServiceGroupConfiguration(
            services: [
                .init(
                    service: WorkerPool(runtime: runtime, workers: configuration.workers), serviceName: "workers"),
                .init(service: ScheduleDriver(core: runtime.triggers), serviceName: "schedules"),
                .init(service: application, serviceName: "http"),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger)
        groupConfiguration.maximumGracefulShutdownDuration = .seconds(configuration.shutdownGraceSeconds)
        try await ServiceGroup(configuration: groupConfiguration).run()
    }

    /// The built-ins with the configured outbound allow list, plus the plugins of `$home/actions` if it exists.
    func makeRegistry() throws -> ActionRegistry {
        let policy: OutboundPolicy
        do {
            policy = try OutboundPolicy(allowing: configuration.allowOutbound)
        } catch {
            throw ConfigurationError("allowOutbound: \(error.description)")
        }
        var actions = ActionsConfiguration(outboundPolicy: policy)
        actions.maxPluginOutputBytes = configuration.limits.maxOutputBytes
        let builtIns = ActionRegistry.builtIns(configuration: actions)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: configuration.actionsDirectory, isDirectory: &isDirectory),
            isDirectory.boolValue
        else { return builtIns }
        do {
            return try builtIns.loadingPlugins(from: configuration.actionsDirectory)
        } catch {
            throw ConfigurationError("cannot load plugins: \(error.description)")
        }
    }

    /// Creates the home directory, readable only by its owner, when it does not exist.
    static func makeHome(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw ConfigurationError("cannot create the home directory \(path): \(error.localizedDescription)")
        }
    }
}
