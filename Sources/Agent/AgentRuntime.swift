import Actions
import Foundation
import Logging
import Scheduler
import Store
import Workflow

/// What the HTTP routes and the workers share: the store, the actions, the dispatcher, the trigger core, the limits,
/// the log and the clock.
public struct AgentRuntime: Sendable {
    public var store: any Store
    public let registry: ActionRegistry
    /// The engine the workers run, over `registry`'s actions (built once: indexing the actions by id reads every
    /// action's descriptor).
    public let engine: WorkflowEngine
    public var dispatcher: ExecutionDispatcher
    public var limits: AgentLimits
    public var logger: Logger
    public var metrics: AgentMetrics
    /// Every trigger's planner and the schedule triggers' timing wheel; runs over the API pass its rate limits.
    public var triggers: TriggerCore
    /// The wall clock schedules follow.
    public var clock: any WallClock
    public var now: @Sendable () -> Date
    /// Where plugin actions are installed, for the message about an unknown action.
    public var actionsDirectory: String
    /// Wakes the callback dispatcher when an execution with a callback finishes or a redelivery is asked for.
    public var callbackWakeup: CallbackWakeup
    /// Executions whose run properties changed while they waited or ran, for their next steps to see.
    public let propertyChanges = PropertyChanges()
    /// The events of the executions this process runs, for `GET …/instances/{id}/events`.
    public let events = ExecutionEventHub()
    /// The outbound policy local checks run under, so that a check whose target it refuses is refused when the
    /// workflow is written (the default refuses every private and loopback address).
    public var outboundPolicy = OutboundPolicy()
    /// Accept workflows whose steps use an action the agent does not have (`--allow-unknown-actions`); such a step
    /// fails when it runs. Off by default: the API refuses them as `sundial validate` does.
    public var allowUnknownActions = false
    /// Execution events the store could not write, tried again until it can (`/healthz` shows them).
    public let storeRetry: StoreWriteRetry

    public init(
        store: any Store, registry: ActionRegistry, dispatcher: ExecutionDispatcher,
        limits: AgentLimits = AgentLimits(),
        logger: Logger, metrics: AgentMetrics = AgentMetrics(), actionsDirectory: String = "$SUNDIAL_HOME/actions",
        clock: any WallClock = SystemWallClock(), now: (@Sendable () -> Date)? = nil
    ) {
        self.store = store
        self.registry = registry
        engine = WorkflowEngine(
            actions: Array(registry.actions.values),
            outputLimits: OutputLimits(maxDepth: limits.maxJSONDepth, maxBytes: limits.maxOutputBytes))
        self.dispatcher = dispatcher
        self.limits = limits
        self.logger = logger
        self.metrics = metrics
        self.actionsDirectory = actionsDirectory
        self.clock = clock
        self.now = now ?? { Date(timeIntervalSince1970: TimeInterval(clock.nowMillis) / 1000) }
        triggers = TriggerCore(store: store, dispatcher: dispatcher, clock: clock, logger: logger, metrics: metrics)
        // Lateness runs to the commit the core has just made, on the clock the wheel ticks on.
        triggers.observeFires { [metrics, clock] timing in metrics.firesCommitted(timing, atMillis: clock.nowMillis) }
        self.callbackWakeup = CallbackWakeup()
        storeRetry = StoreWriteRetry(clock: clock, logger: logger)
    }

    /// Tells the callback dispatcher that `execution` ended, so its callback (if it has one) goes out at once.
    public func executionEnded(_ execution: Execution) {
        if execution.callback != nil { callbackWakeup.wake() }
    }

    /// Checks workflows at create and update time with the real schedule parsers.
    public var validator: WorkflowValidator {
        WorkflowValidator(
            actions: Dictionary(registry.descriptors.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }),
            pluginDirectoryHint: "the actions directory \(actionsDirectory)",
            checkTargetProblem: { [outboundPolicy] check in
                LiveCheckProber.targetProblem(check, policy: outboundPolicy)
            })
    }

    /// The authenticator every API route uses.
    public var authenticator: APIKeyAuthenticator {
        APIKeyAuthenticator(store: store, now: now)
    }

    /// Milliseconds since the epoch of `date`.
    static func millis(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    }
}
