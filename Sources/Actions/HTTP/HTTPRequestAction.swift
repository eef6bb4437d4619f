import Foundation
import NIOCore
import Workflow

/// `com.datadoghq.http.request`: sends one HTTP request and outputs `{status, headers, body, truncated, url}`.
///
/// Parameters: `url`, `method` (GET), `headers`, `body` (a string is sent as is, other JSON as JSON), `timeout`
/// (30 s, for the whole exchange including redirects), `followRedirects` (true, at most 5, each target re-checked),
/// `maxResponseBytes` (1 MiB), `allowedStatusCodes` (success statuses; default any 2xx) and `failOnError` (true;
/// false accepts every status). Destinations are checked after DNS resolution against `OutboundPolicy`.
/// The body is parsed as JSON when the response says it is JSON and it was not truncated, else it is a string.
public struct HTTPRequestAction: Action {
    public static let id = "com.datadoghq.http.request"

    let policy: OutboundPolicy
    let resolve: HostResolver.Lookup

    public init(policy: OutboundPolicy = OutboundPolicy()) {
        self.init(policy: policy, resolve: HostResolver.resolve)
    }

    /// An action with another name lookup, so tests can show that connections go to the vetted address.
    init(policy: OutboundPolicy, resolve: @escaping HostResolver.Lookup) {
        self.policy = policy
        self.resolve = resolve
    }

    public var descriptor: ActionDescriptor {
        ActionDescriptor(
            id: Self.id, description: "Sends an HTTP request and outputs the response.",
            parameters: [
                ActionParameter(
                    name: "url", type: "string", required: true, description: "An http:// or https:// URL."),
                ActionParameter(name: "method", type: "string", defaultValue: "GET", description: "The HTTP method."),
                ActionParameter(name: "headers", type: "object", description: "Request headers (name to value)."),
                ActionParameter(
                    name: "body", type: "any", description: "A string sent as is, or JSON sent as application/json."),
                ActionParameter(
                    name: "timeout", type: "any", defaultValue: 30,
                    description: "Seconds or a string such as \"10s\", for the whole exchange."),
                ActionParameter(
                    name: "followRedirects", type: "boolean", defaultValue: true,
                    description: "Follow up to 5 redirects, checking each target."),
                ActionParameter(
                    name: "maxResponseBytes", type: "integer", defaultValue: .int(HTTPRequest.defaultMaxResponseBytes),
                    description: "Bytes of response body kept; the rest is dropped and `truncated` is true."),
                ActionParameter(
                    name: "allowedStatusCodes", type: "array",
                    description: "Statuses that count as success (default: any 2xx)."),
                ActionParameter(
                    name: "failOnError", type: "boolean", defaultValue: true,
                    description: "Fail the step on a status that is not a success; false accepts every status."),
            ])
    }

    public func run(_ invocation: ActionInvocation) async throws -> ActionResult {
        let request = try HTTPRequest(parameters: invocation.parameters)
        let parts = request.timeout.components
        let deadline =
            NIODeadline.now() + .nanoseconds(parts.seconds * 1_000_000_000 + parts.attoseconds / 1_000_000_000)
        var exchange = HTTPExchange(
            method: request.method, url: request.url, headers: request.headers, body: request.body,
            maxResponseBytes: request.maxResponseBytes)
        var redirects = 0
        while true {
            let response = try await exchange.perform(policy: policy, resolve: resolve, deadline: deadline)
            if request.followRedirects, let next = try Self.redirect(from: exchange, response: response) {
                redirects += 1
                guard redirects <= HTTPRequest.maxRedirects else {
                    throw ActionFailure(
                        code: "http.redirects",
                        message: "\(request.url.absoluteString) redirected more than \(HTTPRequest.maxRedirects) times")
                }
                invocation.context.log(.debug, "following \(response.status) redirect to \(next.url.absoluteString)")
                exchange = next
                continue
            }
            let output = try Self.output(response, url: exchange.url)
            guard request.accepts(status: response.status) else {
                let excerpt = String(decoding: response.body.prefix(300), as: UTF8.self)
                throw ActionFailure(
                    code: "http.status",
                    message: "\(exchange.method) \(exchange.url.absoluteString) answered \(response.status) "
                        + "\(response.reason)" + (excerpt.isEmpty ? "" : "; body: \(excerpt)"),
                    output: output)
            }
            return ActionResult(output: output)
        }
    }

    /// The exchange a redirect leads to, or nil when `response` is not a redirect.
    ///
    /// 303 (and 301/302 after a POST) become a GET without body, as browsers do; 307 and 308 keep the method and
    /// body. Credentials (`Authorization`, `Cookie`) are dropped when the redirect leaves the original origin.
    /// - Throws: `ActionFailure` (`http.redirect`) for a `Location` that is not an http(s) URL.
    static func redirect(from exchange: HTTPExchange, response: HTTPExchange.Response) throws(ActionFailure)
        -> HTTPExchange?
    {
        guard [301, 302, 303, 307, 308].contains(response.status), let location = response.header("location") else {
            return nil
        }
        guard let target = URL(string: location, relativeTo: exchange.url)?.absoluteURL,
            HTTPRequest.isFetchable(target)
        else {
            throw ActionFailure(
                code: "http.redirect",
                message: "\(exchange.url.absoluteString) redirected to '\(location)', which is not an http(s) URL")
        }
        var next = exchange
        next.url = target
        if response.status == 303 || ([301, 302].contains(response.status) && exchange.method == "POST") {
            next.method = exchange.method == "HEAD" ? "HEAD" : "GET"
            next.body = nil
            next.headers.removeAll { ["content-type", "content-length"].contains($0.name.lowercased()) }
        }
        let sameOrigin =
            target.scheme?.lowercased() == exchange.url.scheme?.lowercased()
            && HTTPRequest.host(of: target)?.lowercased() == HTTPRequest.host(of: exchange.url)?.lowercased()
            && target.port == exchange.url.port
        if !sameOrigin {
            next.headers.removeAll {
                ["authorization", "cookie", "proxy-authorization"].contains($0.name.lowercased())
            }
        }
        return next
    }

    /// The step's output: status, headers, and the body as JSON when it is sent as JSON and parses, else as text.
    /// - Throws: `ActionFailure` `output.tooDeep` for a JSON body nested past what the parser reads (512 levels):
    ///   kept as text, it would hide from the step that the upstream answered something no limit admits.
    static func output(_ response: HTTPExchange.Response, url: URL) throws(ActionFailure) -> JSONValue {
        var headers: [String: JSONValue] = [:]
        for (name, value) in response.headers {
            let key = name.lowercased()
            headers[key] = .string(headers[key]?.stringValue.map { "\($0), \(value)" } ?? value)
        }
        var body: JSONValue = .string(String(decoding: response.body, as: UTF8.self))
        let contentType = response.header("content-type")?.lowercased() ?? ""
        if !response.truncated, contentType.contains("json") {
            do throws(JSONTextError) {
                body = try JSONValue(jsonText: response.body)
            } catch where error.code == .tooDeep {
                throw ActionFailure(
                    code: "output.tooDeep",
                    message: "the response body of \(url.absoluteString) is JSON nested more than "
                        + "\(JSONValue.jsonTextMaximumDepth) deep; it cannot be read")
            } catch {
                // Not JSON after all: the body stays text, as the step can still look at it.
            }
        }
        return [
            "status": .int(Int64(response.status)), "headers": .object(headers), "body": body,
            "truncated": .bool(response.truncated), "url": .string(url.absoluteString),
        ]
    }
}
