import HTTPTypes
import Hummingbird

/// The agent's router: every route, behind the error middleware.
public enum AgentRouter {
    public static func make(runtime: AgentRuntime) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: APIErrorMiddleware(logger: runtime.logger, metrics: runtime.metrics))
        SystemRoutes(runtime: runtime).register(on: router)
        WorkflowRoutes(runtime: runtime).register(on: router)
        InstanceRoutes(runtime: runtime).register(on: router)
        TriggerRoutes(runtime: runtime).register(on: router)
        ExecutionSearchRoutes(runtime: runtime).register(on: router)
        MetricsRoutes(runtime: runtime).register(on: router)
        OpenAPIRoutes().register(on: router)
        return router
    }
}
