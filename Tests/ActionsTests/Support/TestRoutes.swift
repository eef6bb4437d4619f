import Foundation
import SundialTesting

/// What the HTTP action tests' loopback server answers: `/json` (a JSON object), `/echo` (the request as JSON:
/// method, path, headers, body), `/status/N` (status N), `/redirect?to=URL&status=N` (a redirect, by default to
/// itself), `/big` (100 000 bytes of text), anything else 404.
enum TestRoutes {
    static func respond(to request: LoopbackRequest) -> LoopbackResponse {
        let path = request.path
        switch path {
        case "/json":
            return .json(#"{"ok":true,"items":[1,2]}"#).replacingContentType("application/json; charset=utf-8")
        case "/echo":
            let echoed: [String: Any] = [
                "method": request.method, "path": request.uri,
                "headers": Dictionary(
                    request.headers.map { ($0.name.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first }),
                "body": request.text,
            ]
            let data = (try? JSONSerialization.data(withJSONObject: echoed)) ?? Data()
            return .json(String(decoding: data, as: UTF8.self))
        case let statusPath where statusPath.hasPrefix("/status/"):
            let status = Int(statusPath.dropFirst("/status/".count)) ?? 500
            return .text("status \(status)", status: status)
        case "/redirect":
            let status = Int(request.query["status"] ?? "") ?? 302
            return LoopbackResponse(status: status, headers: [("Location", request.query["to"] ?? "/redirect")])
        case "/big":
            return .text(String(repeating: "x", count: 100_000))
        default:
            return .text("not found", status: 404)
        }
    }
}

extension LoopbackResponse {
    /// The same response with one `Content-Type`.
    fileprivate func replacingContentType(_ value: String) -> LoopbackResponse {
        var copy = self
        copy.headers.removeAll { $0.name.lowercased() == "content-type" }
        copy.headers.append(("Content-Type", value))
        return copy
    }
}

extension LoopbackHTTPServer {
    /// A server answering `TestRoutes` for the duration of `body`.
    static func withTestRoutes<T>(_ body: (LoopbackHTTPServer) async throws -> T) async throws -> T {
        try await with(handler: { TestRoutes.respond(to: $0) }, body)
    }

    /// The targets requested so far, so tests can assert that a refused destination was never contacted.
    var requestPaths: [String] { requests.map(\.uri) }

    /// A redirect through this server to `target`.
    func redirect(to target: String, status: Int = 302) -> String {
        let encoded = target.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? target
        return baseURL + "/redirect?status=\(status)&to=\(encoded)"
    }
}
