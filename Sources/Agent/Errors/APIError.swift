import Foundation
import HTTPTypes
import Hummingbird
import Workflow

/// An HTTP error in the seed API's shape: `{"errors": [...]}` with the right status.
///
/// The workflow endpoints answer JSON:API error objects (`status`, `title`, `detail`, `source.pointer`); the
/// instance endpoints answer plain strings, as Datadog's do. Each detail names the offending field (a JSON pointer)
/// where there is one and says what would be accepted.
public struct APIError: Error, HTTPResponseError, Sendable, CustomStringConvertible {
    /// Which of the seed's two error bodies to write.
    public enum Style: Sendable {
        /// `{"errors": [{"status": "422", "title": "…", "detail": "…", "source": {"pointer": "…"}}]}`.
        case objects
        /// `{"errors": ["/pointer: detail"]}`.
        case strings
    }

    /// One problem: what was wrong, and where in the request.
    public struct Problem: Hashable, Sendable {
        public var detail: String
        public var pointer: String?
        public var parameter: String?
        public var header: String?

        public init(_ detail: String, pointer: String? = nil, parameter: String? = nil, header: String? = nil) {
            self.detail = detail
            self.pointer = pointer
            self.parameter = parameter
            self.header = header
        }

        /// `"/pointer: detail"`, or the detail alone when there is no pointer or it is the whole body.
        public var line: String {
            guard let pointer, !pointer.isEmpty else { return detail }
            return "\(pointer): \(detail)"
        }
    }

    public var status: HTTPResponse.Status
    public var problems: [Problem]
    public var style: Style
    /// Seconds for a `Retry-After` header (429).
    public var retryAfter: Int?

    public init(_ status: HTTPResponse.Status, _ problems: [Problem], style: Style = .objects, retryAfter: Int? = nil) {
        self.status = status
        self.problems = problems
        self.style = style
        self.retryAfter = retryAfter
    }

    public init(_ status: HTTPResponse.Status, _ detail: String, pointer: String? = nil, style: Style = .objects) {
        self.init(status, [Problem(detail, pointer: pointer)], style: style)
    }

    /// 422 with one problem per validation issue, each pointing into the request body under `prefix`.
    public static func invalid(_ error: ValidationError, under prefix: String, style: Style = .objects) -> APIError {
        APIError(
            .unprocessableContent,
            error.issues.map { Problem($0.message, pointer: prefix + $0.pointer) }, style: style)
    }

    public static func notFound(_ what: String, _ id: String, style: Style = .objects) -> APIError {
        APIError(.notFound, "no \(what) with id '\(id)'", style: style)
    }

    /// The same error in the other body style.
    public func styled(_ style: Style) -> APIError {
        var copy = self
        copy.style = style
        return copy
    }

    public var description: String {
        "\(status.code) "
            + problems.map(\.line).joined(separator: "; ")
    }

    /// The body as JSON.
    public var body: JSONValue {
        switch style {
        case .strings:
            return [
                "errors": .array(
                    problems.map { problem in
                        .string(problem.line)
                    })
            ]
        case .objects:
            return [
                "errors": .array(
                    problems.map { problem in
                        var source: [String: JSONValue] = [:]
                        if let pointer = problem.pointer { source["pointer"] = .string(pointer) }
                        if let parameter = problem.parameter { source["parameter"] = .string(parameter) }
                        if let header = problem.header { source["header"] = .string(header) }
                        var object: [String: JSONValue] = [
                            "status": .string(String(status.code)), "title": .string(status.reasonPhrase),
                            "detail": .string(problem.detail),
                        ]
                        if !source.isEmpty { object["source"] = .object(source) }
                        return .object(object)
                    })
            ]
        }
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = JSONResponse.make(body, status: status)
        if let retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        return response
    }
}
