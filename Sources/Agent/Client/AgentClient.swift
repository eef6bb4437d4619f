import AsyncHTTPClient
import Foundation
import HTTPTypes
import NIOCore
import NIOHTTP1
import Workflow

/// A client of a running agent's API, for the CLI: sends the key in both Datadog headers, returns the status and
/// the parsed JSON body, and turns the seed's error bodies into one `AgentClientError` message.
public struct AgentClient: Sendable {
    public var baseURL: String
    public var key: String

    public init(baseURL: String, key: String) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.key = key
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
            throw AgentClientError(status: nil, message: Self.unreachable(baseURL, error))
        }
        let data = Data(bytes.readableBytesView)
        let json = data.isEmpty ? JSONValue.null : (try? JSONDecoder().decode(JSONValue.self, from: data)) ?? .null
        guard (200..<300).contains(Int(response.status.code)) else {
            throw AgentClientError(status: Int(response.status.code), message: Self.errorText(json, response.status))
        }
        return json
    }

    /// The message for an agent that cannot be reached at `baseURL`.
    static func unreachable(_ baseURL: String, _ error: any Error) -> String {
        "cannot reach the agent at \(baseURL): \(error); is 'sundial agent' running there?"
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
