import Agent
import ArgumentParser
import Foundation
import Logging

/// `sundial agent`: the daemon.
struct AgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract: "Run the agent: the HTTP API, the workers and the database, in one process.",
        discussion: """
            Opens (or creates) the SQLite database in the home directory and serves the Datadog-compatible \
            Workflow Automation API on --listen (127.0.0.1:8470 by default). The first start writes an admin key \
            to HOME/admin.key (readable only by you); send it as DD-API-KEY and DD-APPLICATION-KEY, or as \
            'Authorization: Bearer KEY'. SIGTERM or Ctrl-C stops it gracefully: it stops accepting requests, lets \
            running executions finish for shutdownGraceSeconds (30 s), logging each second which it waits for, then \
            stops; the runs still in a step then resume at the next start (see docs/operating/durability.md).
            When a run ends, its callback URL (meta.callback, else the workflow's spec.callback) gets a POST of the \
            final state, signed per Standard Webhooks with the secret in --callback-secret-file (default \
            HOME/callback.key, created on first start), retried with backoff for up to 3 days.
            Finished executions are kept 30 days (--retention-days; 0 keeps them for ever), optionally at most \
            --retention-executions per workflow, pruned in the background in small batches.
            Settings come from --config (YAML; see Sources/Agent/README.md), then these flags. The home is --home, \
            else the file's home, else $SUNDIAL_HOME, else /var/lib/sundial for root and \
            $XDG_STATE_HOME/sundial or ~/.local/state/sundial for others (an existing ./.sundial, the old \
            default, is used and named).
            """
    )

    @Option(help: "The address to listen on, HOST:PORT (default 127.0.0.1:8470).")
    var listen: String?
    @Option(help: "The home directory: database, admin key, actions directory.")
    var home: String?
    @Option(help: "A YAML configuration file.")
    var config: String?
    @Option(help: "How many executions run at once (default 8).")
    var workers: Int?
    @Option(help: "How many executions of one workflow run at once (default: no limit beyond --workers).")
    var workflowConcurrency: Int?
    @Option(help: "Database durability: full (default) or normal.")
    var synchronous: String?
    @Option(
        name: .customLong("allow-outbound"),
        help: "A network, address or host outbound HTTP may reach although it is private or loopback (repeatable).")
    var allowOutbound: [String] = []
    @Option(help: "trace, debug, info (default), notice, warning, error or critical.")
    var logLevel: String?
    @Option(help: "text (default) or json (one object per line).")
    var logFormat: String?
    @Option(
        name: .customLong("callback-secret-file"),
        help:
            "A file holding the callback signing secret, whsec_… (default: HOME/callback.key, created on first start).")
    var callbackSecretFile: String?
    @Option(help: "How many callbacks are delivered at once (default 32).")
    var callbackConcurrency: Int?
    @Option(help: "Days finished executions are kept, with their fires; 0 keeps them for ever (default 30).")
    var retentionDays: Int?
    @Option(help: "Finished executions kept per workflow, the newest (default: no limit).")
    var retentionExecutions: Int?
    @Flag(
        help: ArgumentHelp(
            "Accept workflows whose steps use an action this agent does not have (such a step fails when it runs); "
                + "by default they are refused."))
    var allowUnknownActions = false
    @Flag(
        name: .customLong("new-database"),
        help: """
            Start on a new, empty database although HOME/admin.key exists (the database was lost); the old files \
            are kept aside as NAME.lost-TIME and a new admin key is written.
            """)
    var newDatabase = false

    func run() async throws {
        let configuration = try resolvedConfiguration()
        let level = Logger.Level(rawValue: configuration.logLevel) ?? .info
        let format = configuration.logFormat
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler =
                format == .json ? JSONLogHandler(label: label) : StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "sundial.agent")
        if configuration.home == DefaultHome.legacy,
            let notice = DefaultHome.current(environment: ProcessInfo.processInfo.environment).legacyNotice
        {
            logger.warning("\(notice)")
        }
        logger.info("the agent's home directory", metadata: ["home": "\(configuration.home)"])
        do {
            try await Agent(configuration: configuration, logger: logger).run()
        } catch let error as ConfigurationError {
            throw InputError(error.description)
        } catch let error as ListenError {
            // One line that names the address and the reason; a failure of the host, not of the input: status 1.
            printError("error: \(error)")
            throw ExitCode.failure
        }
    }

    /// The configuration file's settings, overridden by the flags.
    func resolvedConfiguration() throws -> AgentConfiguration {
        do {
            var configuration = AgentConfiguration()
            if let config {
                guard let text = try? String(contentsOfFile: config, encoding: .utf8) else {
                    throw InputError("--config \(config): cannot read the file")
                }
                configuration = try AgentConfiguration.load(yaml: text, source: config)
            }
            if let listen { configuration.listen = try ListenAddress(parsing: listen) }
            if let home { configuration.home = home }
            if let workers { configuration.workers = workers }
            if let workflowConcurrency { configuration.workflowConcurrency = workflowConcurrency }
            if let synchronous { configuration.synchronous = synchronous }
            if !allowOutbound.isEmpty { configuration.allowOutbound = allowOutbound }
            if let logLevel { configuration.logLevel = logLevel }
            if let callbackSecretFile { configuration.callbackSecretFile = callbackSecretFile }
            if let callbackConcurrency { configuration.callbackConcurrency = callbackConcurrency }
            if let retentionDays { configuration.retention.maxAgeDays = retentionDays }
            if let retentionExecutions { configuration.retention.maxExecutionsPerWorkflow = retentionExecutions }
            if allowUnknownActions { configuration.allowUnknownActions = true }
            configuration.newDatabase = newDatabase
            if let logFormat {
                guard let format = AgentConfiguration.LogFormat(rawValue: logFormat) else {
                    throw InputError("--log-format must be text or json, found '\(logFormat)'")
                }
                configuration.logFormat = format
            }
            try configuration.check()
            return configuration
        } catch let error as ConfigurationError {
            throw InputError(error.description)
        }
    }
}
