import AsyncHTTPClient
import Foundation
import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOPosix
import Workflow

/// A client of a running agent's API, for the CLI: sends the key in both Datadog headers, returns the status and
/// the parsed JSON body, and turns the seed's error bodies into one `AgentClientError` message.
public struct AgentClient: Sendable {
    public var baseURL: String
    public var key: String
    /// Where `baseURL` came from (`--url`, `$SUNDIAL_URL`, the default), for the message when it cannot be reached.
    public var origin: String?

    public init(baseURL: String, key: String, origin: String? = nil) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.key = key
        self.origin = origin
    }

    /// Sends one request and returns the body of a 2xx answer (`null` when empty).
    /// - Throws: `AgentClientError` with the agent's error messages for any other status, or when it cannot be
    ///   reached.
    public func send(_ method: HTTPMethod, _ path: String, body: Data? = nil) async throws -> JSONValue {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        request.headers.add(name: "DD-API-KEY", value: key)
        request.headers.add(name: "DD-APPLICATION-KEY", value: key)
        request.headers.add(name: "Accept", value: "application/json")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response: HTTPClientResponse
        let bytes: ByteBuffer
        do {
            response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
            bytes = try await response.body.collect(upTo: 64 << 20)
        } catch {
            throw AgentClientError(status: nil, message: Self.unreachable(baseURL, error, origin: origin))
        }
        let data = Data(bytes.readableBytesView)
        let json = data.isEmpty ? JSONValue.null : (try? JSONDecoder().decode(JSONValue.self, from: data)) ?? .null
        guard (200..<300).contains(Int(response.status.code)) else {
            throw AgentClientError(status: Int(response.status.code), message: Self.errorText(json, response.status))
        }
        return json
    }

    /// The message for an agent that cannot be reached at `baseURL`: what was tried, and why it failed in words.
    static func unreachable(_ baseURL: String, _ error: any Error, origin: String? = nil) -> String {
        "cannot connect to the agent at \(baseURL)" + (origin.map { " (\($0))" } ?? "") + ": \(reason(error)); "
            + "is 'sundial agent' running there?"
    }

    /// Why a request could not be sent, as a person reads it: the operating system's words for a refused or reset
    /// connection, the host a name lookup could not find, a timeout.
    static func reason(_ error: any Error) -> String {
        switch error {
        case let io as IOError:
            return String(cString: strerror(io.errnoCode)).lowercased() + " (errno \(io.errnoCode))"
        case let connection as NIOConnectionError:
            if let first = connection.connectionErrors.first { return reason(first.error) }
            if let lookup = connection.dnsAError ?? connection.dnsAAAAError { return reason(lookup) }
            return "no address of \(connection.host) port \(connection.port) answered"
        case let address as SocketAddressError:
            if case .unknown(let host, _) = address { return "no address found for the host name '\(host)'" }
            return "\(address)"
        case let client as HTTPClientError:
            switch client {
            case .connectTimeout: return "no connection within the connect timeout"
            case .deadlineExceeded, .readTimeout: return "no answer within the time allowed"
            case .remoteConnectionClosed: return "the connection was closed before an answer came"
            case .invalidURL: return "that is not a URL this client can use (use http://HOST:PORT)"
            default: return "\(client)"
            }
        default:
            return "\(error)"
        }
    }

    /// The `errors` of a body, one per line, or the status's reason.
    static func errorText(_ json: JSONValue, _ status: HTTPResponseStatus) -> String {
        let errors = (json["errors"]?.arrayValue ?? []).map { item in
            if let text = item.stringValue { return text }
            let pointer = item["source"]?["pointer"]?.stringValue.map { "\($0): " } ?? ""
            return pointer + (item["detail"]?.stringValue ?? "\(item)")
        }
        return errors.isEmpty ? "\(status.code) \(status.reasonPhrase)" : errors.joined(separator: "\n")
    }
}

/// A request the agent refused, or could not be sent.
public struct AgentClientError: Error, CustomStringConvertible, Sendable {
    /// The HTTP status, or `nil` when the agent could not be reached.
    public var status: Int?
    public var message: String

    public var description: String { status.map { "\($0): \(message)" } ?? message }
}
