import Foundation
import Workflow

/// A validated `com.datadoghq.http.request` invocation: what to send and how to judge the answer.
struct HTTPRequest: Sendable {
    static let defaultTimeout: Duration = .seconds(30)
    static let defaultMaxResponseBytes: Int64 = 1 << 20
    static let maxRedirects = 5

    var method: String
    var url: URL
    /// In the order given; names as written.
    var headers: [(name: String, value: String)]
    var body: [UInt8]?
    var timeout: Duration
    var followRedirects: Bool
    var maxResponseBytes: Int
    /// Status codes that count as success; nil means any 2xx.
    var allowedStatusCodes: Set<Int>?
    var failOnError: Bool

    /// Whether `status` ends the step successfully.
    func accepts(status: Int) -> Bool {
        guard failOnError else { return true }
        if let allowedStatusCodes { return allowedStatusCodes.contains(status) }
        return (200..<300).contains(status)
    }

    /// Parses and checks the step's parameters.
    /// - Throws: `ActionFailure` naming the first invalid parameter and what it accepts.
    init(parameters values: [String: JSONValue]) throws(ActionFailure) {
        let parameters = ActionParameters(values, actionID: HTTPRequestAction.id)
        let urlExpectation = "an absolute http:// or https:// URL with a host"
        let text = try parameters.requiredString("url", expecting: urlExpectation)
        guard let url = URL(string: text), Self.isFetchable(url) else {
            throw parameters.invalid("url", urlExpectation, got: .string(text))
        }
        self.url = url
        let methodExpectation = "an HTTP method such as GET, POST, PUT, PATCH, DELETE or HEAD"
        let method = (try parameters.string("method", expecting: methodExpectation) ?? "GET").uppercased()
        guard !method.isEmpty, method.count <= 20, method.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            throw parameters.invalid("method", methodExpectation, got: values["method"] ?? .null)
        }
        self.method = method
        let headerExpectation = "an object of header names to string values, without line breaks"
        let headerMap = try parameters.stringMap("headers", expecting: headerExpectation) ?? [:]
        headers = try headerMap.sorted { $0.key < $1.key }.map { name, value throws(ActionFailure) in
            guard Self.isToken(name), !value.unicodeScalars.contains(where: { ["\r", "\n", "\0"].contains($0) }) else {
                throw parameters.invalid("headers", headerExpectation, got: .string(name))
            }
            return (name, value)
        }
        switch parameters["body"] {
        case nil: body = nil
        case .string(let text): body = Array(text.utf8)
        case let value?:
            body = Array((try? JSONEncoder().encode(value)) ?? Data())
            if !headers.contains(where: { $0.name.lowercased() == "content-type" }) {
                headers.append(("Content-Type", "application/json"))
            }
        }
        timeout = try parameters.duration("timeout") ?? Self.defaultTimeout
        followRedirects = try parameters.bool("followRedirects") ?? true
        let maxBytes = try parameters.integer(
            "maxResponseBytes", in: 0...(64 << 20), expecting: "an integer from 0 to 67108864")
        maxResponseBytes = Int(maxBytes ?? Self.defaultMaxResponseBytes)
        failOnError = try parameters.bool("failOnError") ?? true
        let statusExpectation = "a non-empty array of HTTP status codes (100 to 599)"
        if let value = parameters["allowedStatusCodes"] {
            guard let elements = value.arrayValue, !elements.isEmpty else {
                throw parameters.invalid("allowedStatusCodes", statusExpectation, got: value)
            }
            var codes: Set<Int> = []
            for element in elements {
                guard let code = element.intValue, (100...599).contains(code) else {
                    throw parameters.invalid("allowedStatusCodes", statusExpectation, got: value)
                }
                codes.insert(Int(code))
            }
            allowedStatusCodes = codes
        }
    }

    /// An http(s) URL with a host: the only kind the action sends (and the only kind a redirect may lead to).
    static func isFetchable(_ url: URL) -> Bool {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else { return false }
        return !(host(of: url) ?? "").isEmpty
    }

    /// The URL's host without IPv6 brackets or percent-encoding.
    static func host(of url: URL) -> String? {
        guard var host = url.host(percentEncoded: false) else { return nil }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return host
    }

    /// An HTTP token (RFC 9110 `tchar`), as header names must be.
    static func isToken(_ text: String) -> Bool {
        !text.isEmpty
            && text.unicodeScalars.allSatisfy { scalar in
                scalar.isASCII
                    && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                        || "!#$%&'*+-.^_`|~".unicodeScalars.contains(scalar))
            }
    }
}
