import HTTPTypes
import Hummingbird
import Logging
import Workflow

/// Gives every failure the seed's error body: an `APIError` as it is, another HTTP error (an unknown route,
/// a body past the size limit) with its status, a `SecureRandomError` as 503, anything else as 500 with a logged
/// reason that is never sent (a `DecodingError` in `DecodingProblem`'s words).
public struct APIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    public var logger: Logger
    public var metrics: AgentMetrics

    public init(logger: Logger, metrics: AgentMetrics) {
        self.logger = logger
        self.metrics = metrics
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let response: Response
        do {
            response = try await next(request, context)
        } catch let error as APIError {
            response = try error.response(from: request, context: context)
        } catch let error as SecureRandomError {
            // No id or key can be made: the request fails whole (nothing was written), never with a weak id.
            logger.error(
                "request failed: no random bytes for an id or key",
                metadata: ["http.path": "\(request.uri.path)", "error": "\(error)", "error.code": "\(error.code)"])
            response = try APIError(.serviceUnavailable, error.description).response(from: request, context: context)
        } catch let error as any HTTPResponseError {
            let detail =
                switch error.status {
                case .notFound: "no route for \(request.method.rawValue) \(request.uri.path); see /api/v2/openapi.json"
                case .contentTooLarge: "the request body is too large"
                case .methodNotAllowed: "\(request.method.rawValue) is not allowed on \(request.uri.path)"
                default: error.status.reasonPhrase
                }
            response = try APIError(error.status, detail).response(from: request, context: context)
        } catch {
            // A decoding error here is about stored or internal data (request bodies are mapped to 400 where they
            // are read); it is logged as `DecodingProblem` words it, never as Swift prints it.
            logger.error(
                "request failed",
                metadata: ["http.path": "\(request.uri.path)", "error": "\(DecodingProblem.describe(error))"])
            response = try APIError(.internalServerError, "the agent failed to answer; see its log")
                .response(from: request, context: context)
        }
        metrics.responded(response.status.code)
        return response
    }
}
