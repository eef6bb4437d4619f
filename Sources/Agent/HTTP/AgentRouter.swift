import HTTPTypes
import Hummingbird

/// The agent's router: every route, behind the error middleware.
public enum AgentRouter {
    /// - Parameter eventSink: where inbound alerts (`POST /api/v2/alerts`) and GitHub deliveries
    ///   (`POST /api/v2/workflows/{id}/webhook`) go: the runtime's trigger core unless a test gives another.
    public static func make(runtime: AgentRuntime, eventSink: (any TriggerEventSink)? = nil)
        -> Router<BasicRequestContext>
    {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: APIErrorMiddleware(logger: runtime.logger, metrics: runtime.metrics))
        SystemRoutes(runtime: runtime).register(on: router)
        WorkflowRoutes(runtime: runtime).register(on: router)
        InstanceRoutes(runtime: runtime).register(on: router)
        InstanceEventRoutes(runtime: runtime).register(on: router)
        CallbackRoutes(runtime: runtime).register(on: router)
        TriggerRoutes(runtime: runtime).register(on: router)
        ExecutionSearchRoutes(runtime: runtime).register(on: router)
        MetricsRoutes(runtime: runtime).register(on: router)
        SecretRoutes(runtime: runtime).register(on: router)
        let sink = eventSink ?? runtime.triggers
        AlertRoutes(runtime: runtime, sink: sink).register(on: router)
        WebhookRoutes(runtime: runtime, sink: sink).register(on: router)
        OpenAPIRoutes(eventRoutes: true).register(on: router)
        return router
    }
}
