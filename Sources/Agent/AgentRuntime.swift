import Actions
import Foundation
import Logging
import Store
import Workflow

/// What the HTTP routes and the workers share: the store, the actions, the dispatcher, the limits, the log and the
/// clock.
public struct AgentRuntime: Sendable {
    public var store: any Store
    public var registry: ActionRegistry
    public var dispatcher: ExecutionDispatcher
    public var limits: AgentLimits
    public var logger: Logger
    public var metrics: AgentMetrics
    /// Each workflow's `apiTrigger.rateLimit`, applied to runs started over the API.
    public var rateLimits: APIRateLimits
    public var now: @Sendable () -> Date
    /// Where plugin actions are installed, for the message about an unknown action.
    public var actionsDirectory: String
    /// Wakes the callback dispatcher when an execution with a callback finishes or a redelivery is asked for.
    public var callbackWakeup: CallbackWakeup

    public init(
        store: any Store, registry: ActionRegistry, dispatcher: ExecutionDispatcher,
        limits: AgentLimits = AgentLimits(),
        logger: Logger, metrics: AgentMetrics = AgentMetrics(), actionsDirectory: String = "$SUNDIAL_HOME/actions",
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.registry = registry
        self.dispatcher = dispatcher
        self.limits = limits
        self.logger = logger
        self.metrics = metrics
        self.rateLimits = APIRateLimits()
        self.actionsDirectory = actionsDirectory
        self.now = now
        self.callbackWakeup = CallbackWakeup()
    }

    /// Tells the callback dispatcher that `execution` ended, so its callback (if it has one) goes out at once.
    public func executionEnded(_ execution: Execution) {
        if execution.callback != nil { callbackWakeup.wake() }
    }

    /// Checks workflows at create and update time with the real schedule parsers.
    public var validator: WorkflowValidator {
        WorkflowValidator(
            actions: Dictionary(registry.descriptors.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }),
            pluginDirectoryHint: "the actions directory \(actionsDirectory)")
    }

    /// The engine the workers run.
    public var engine: WorkflowEngine {
        WorkflowEngine(actions: Array(registry.actions.values))
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
