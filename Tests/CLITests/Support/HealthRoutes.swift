import SundialTesting

/// A service's health endpoint, as the http-health-restart example checks it: `/health` answers 200 `ok`, `/down`
/// answers 503, anything else 404.
enum HealthRoutes {
    static func respond(to request: LoopbackRequest) -> LoopbackResponse {
        switch request.uri {
        case "/health": .text("ok")
        case "/down": .text("down for maintenance", status: 503)
        default: .text("not found", status: 404)
        }
    }
}
