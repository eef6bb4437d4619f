import Actions
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Store
import UnixSignals
import Workflow

/// The daemon: the SQLite store in the home directory, the admin key and callback signing secret on first start,
/// recovery of what the last run left, then one `ServiceGroup` of the callback dispatcher, the worker pool, the
/// schedule driver (which arms the stored triggers), the local checks and the HTTP server that SIGTERM or SIGINT
/// stop gracefully (the server stops accepting and finishes its requests, running executions get
/// `shutdownGraceSeconds` to end, deliveries in flight finish, then the store commits what is queued and closes).
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
    /// - Throws: `ConfigurationError` for a home, allow list or plugin directory it cannot use, a home another
    ///   agent runs on, or a lost database (`LostDatabase`); `StoreError` when the database cannot be opened.
    public func run(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try configuration.check()
        // Ids, keys and secrets come from getrandom(2); a kernel that refuses it stops the agent here, loudly.
        do {
            _ = try SecureRandom.system.bytes(16)
        } catch {
            throw ConfigurationError("\(error)")
        }
        logFileLimit(FileLimit.raised())
        try Self.makeHome(configuration.home)
        let lock = try HomeLock(home: configuration.home)
        defer { withExtendedLifetime(lock) {} }
        try LostDatabase.check(configuration, now: Date(), logger: logger)
        let secretsKey = try loadSecretsKey()
        let store = try SQLiteStore(
            .file(configuration.databasePath),
            options: SQLiteStore.Options(
                synchronous: configuration.synchronous.lowercased() == "normal" ? .normal : .full,
                secretsKey: secretsKey))
        var runtime = AgentRuntime(
            store: store, registry: try makeRegistry(),
            dispatcher: ExecutionDispatcher(workflowConcurrency: configuration.workflowConcurrency),
            limits: configuration.limits, logger: logger, actionsDirectory: configuration.actionsDirectory)
        runtime.outboundPolicy = try outboundPolicy()
        runtime.allowUnknownActions = configuration.allowUnknownActions
        try await withThrowingTaskGroup(of: Void.self) { group in
            // The writer runs for the agent's whole life and commits what is queued when it is cancelled.
            group.addTask { await store.run() }
            group.addTask { [logger, configuration] in
                await Self.exitIfShutdownStalls(grace: configuration.shutdownGraceSeconds, logger: logger)
            }
            defer { group.cancelAll() }
            let (signer, recovered) = try await prepare(runtime)
            try await serve(runtime, signer: signer, recovered: recovered, onListening: onListening)
        }
        logger.info("agent stopped")
    }

    /// Creates the admin key and the callback signing secret on first start, and recovers the executions the last
    /// run left; returns the callback signer and the `Running` executions queued to resume.
    func prepare(_ runtime: AgentRuntime) async throws -> (WebhookSigner, RecoveredExecutions) {
        if try await AdminKey.ensure(at: configuration.adminKeyPath, store: runtime.store, now: runtime.now()) {
            logger.notice(
                "created the admin API key; send it as DD-API-KEY or 'Authorization: Bearer'",
                metadata: ["key.file": "\(configuration.adminKeyPath)"])
        }
        let signing = try CallbackSigningKey.load(
            at: configuration.callbackSecretPath, create: configuration.callbackSecretFile == nil)
        if signing.created {
            logger.notice(
                "created the callback signing secret; receivers verify webhook-signature with it",
                metadata: ["key.file": "\(configuration.callbackSecretPath)"])
        }
        let recovered = RecoveredExecutions()
        let outcome = try await Recovery(runtime: runtime, recovered: recovered).run()
        if outcome.requeued + outcome.resumed + outcome.failed > 0 {
            logger.notice(
                "recovered executions from the last run",
                metadata: [
                    "requeued": "\(outcome.requeued)", "resumed": "\(outcome.resumed)", "failed": "\(outcome.failed)",
                ])
        }
        // After recovery, before the workers: the runs it queued again count for the overlap behaviors. The
        // schedule driver arms the stored triggers once it runs.
        try await runtime.triggers.recoverRuns()
        return (signing.signer, recovered)
    }

    /// Runs the callback dispatcher, the worker pool and the HTTP server until a shutdown signal.
    ///
    /// Services stop in the reverse of their order here: the server first, then the workers (whose last executions
    /// queue callbacks), then the dispatcher, which lets the deliveries in flight finish.
    func serve(
        _ runtime: AgentRuntime, signer: WebhookSigner, recovered: RecoveredExecutions,
        onListening: @escaping @Sendable (Int) async -> Void
    ) async throws {
        let logger = self.logger
        let limiter = connectionLimiter()
        runtime.metrics.observeConnections(limiter)
        let server = AgentHTTPServer(
            router: AgentRouter.make(runtime: runtime), listen: configuration.listen, limits: configuration.limits,
            limiter: limiter, logger: logger, onListening: onListening)
        var groupConfiguration = ServiceGroupConfiguration(
            services: [
                .init(
                    service: CallbackDispatcher(
                        store: runtime.store, wakeup: runtime.callbackWakeup, policy: try outboundPolicy(),
                        signer: signer,
                        settings: CallbackSettings(
                            concurrency: configuration.callbackConcurrency,
                            connectTimeout: .seconds(configuration.callbackConnectTimeoutSeconds),
                            perReceiver: CallbackReceivers.Settings(
                                concurrency: configuration.callbackPerReceiverConcurrency)),
                        logger: logger, metrics: runtime.metrics),
                    serviceName: "callbacks"),
                .init(
                    service: WorkerPool(
                        runtime: runtime, workers: configuration.workers, recovered: recovered,
                        shutdownGrace: .seconds(configuration.shutdownGraceSeconds)),
                    serviceName: "workers"),
                .init(service: ScheduleDriver(core: runtime.triggers), serviceName: "schedules"),
                .init(
                    service: CheckDriver(
                        runner: CheckRunner(
                            store: runtime.store, sink: runtime.triggers,
                            prober: LiveCheckProber(policy: try outboundPolicy()), logger: logger),
                        clock: runtime.clock, logger: logger),
                    serviceName: "checks"),
            ] + retention(runtime) + [.init(service: server, serviceName: "http")],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger)
        // Any service that fails stops the whole agent (the group cancels the others), saying which and why.
        groupConfiguration.services = groupConfiguration.services.map { service in
            .init(
                service: ReportedService(name: service.serviceName, base: service.service, logger: logger),
                serviceName: service.serviceName)
        }
        groupConfiguration.maximumGracefulShutdownDuration = .seconds(configuration.shutdownGraceSeconds)
        try await ServiceGroup(configuration: groupConfiguration).run()
    }

    /// The key stored secrets are sealed with, created in the home on first start.
    func loadSecretsKey() throws -> Data {
        let loaded = try SecretsKey.load(at: configuration.secretsKeyPath, create: true)
        if loaded.created {
            logger.notice(
                "created the secrets key; stored secrets are sealed with it, keep a copy apart from the database",
                metadata: ["key.file": "\(configuration.secretsKeyPath)"])
        }
        if loaded.readableByOthers {
            logger.warning(
                "the secrets key file is readable by others than its owner; chmod 600 it",
                metadata: ["key.file": "\(configuration.secretsKeyPath)"])
        }
        return loaded.key
    }

    /// The pruning of finished executions past the retention settings, unless they keep everything.
    func retention(_ runtime: AgentRuntime) -> [ServiceGroupConfiguration.ServiceConfiguration] {
        guard let policy = configuration.retention.policy else { return [] }
        return [
            .init(
                service: RetentionService(store: runtime.store, policy: policy, now: runtime.now, logger: logger),
                serviceName: "retention")
        ]
    }

    /// The addresses outbound HTTP (actions and callbacks) may reach: public ones and the allow list.
    func outboundPolicy() throws -> OutboundPolicy {
        do {
            return try OutboundPolicy(allowing: configuration.allowOutbound)
        } catch {
            throw ConfigurationError("allowOutbound: \(error.description)")
        }
    }

    /// The built-ins with the configured outbound allow list, plus the plugins of `$home/actions` if it exists.
    func makeRegistry() throws -> ActionRegistry {
        var actions = ActionsConfiguration(outboundPolicy: try outboundPolicy())
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
