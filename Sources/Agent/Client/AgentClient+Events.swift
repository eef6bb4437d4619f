import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Workflow

/// One Server-Sent Event: its name and its data parsed as JSON.
public struct ServerSentEvent: Sendable, Hashable {
    public var name: String
    public var data: JSONValue

    public init(name: String, data: JSONValue) {
        self.name = name
        self.data = data
    }
}

extension AgentClient {
    /// Follows `path`, a `text/event-stream` of the agent's, calling `onEvent` for each event until the agent ends
    /// the stream (or `onEvent` returns `false`).
    /// - Throws: `AgentClientError` when the agent refuses the request or cannot be reached.
    public func events(_ path: String, onEvent: (ServerSentEvent) async throws -> Bool) async throws {
        var request = HTTPClientRequest(url: baseURL + path)
        request.headers.add(name: "DD-API-KEY", value: key)
        request.headers.add(name: "DD-APPLICATION-KEY", value: key)
        request.headers.add(name: "Accept", value: "text/event-stream")
        let response: HTTPClientResponse
        do {
            response = try await HTTPClient.shared.execute(request, timeout: .hours(24 * 365))
        } catch {
            throw AgentClientError(status: nil, message: Self.unreachable(baseURL, error, origin: origin))
        }
        guard response.status.code == 200 else {
            let bytes = try? await response.body.collect(upTo: 1 << 20)
            let data = bytes.map { Data($0.readableBytesView) } ?? Data()
            let json = (try? JSONDecoder().decode(JSONValue.self, from: data)) ?? .null
            throw AgentClientError(status: Int(response.status.code), message: Self.errorText(json, response.status))
        }
        var parser = ServerSentEventParser()
        do {
            for try await buffer in response.body {
                for event in parser.feed(Array(buffer.readableBytesView)) {
                    guard try await onEvent(event) else { return }
                }
            }
        } catch let error as AgentClientError {
            throw error
        } catch {
            throw AgentClientError(status: nil, message: "the agent's event stream broke off: \(error)")
        }
    }
}

/// Splits a `text/event-stream` into events: `event:` names one, `data:` lines are joined with newlines, a blank
/// line ends it, lines starting with `:` are comments (keep-alives).
public struct ServerSentEventParser: Sendable {
    private var line: [UInt8] = []
    private var name = ""
    private var data: [String] = []

    public init() {}

    /// The events `bytes` completes.
    public mutating func feed(_ bytes: [UInt8]) -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        for byte in bytes {
            guard byte == UInt8(ascii: "\n") else {
                line.append(byte)
                continue
            }
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            let text = String(decoding: line, as: UTF8.self)
            line.removeAll(keepingCapacity: true)
            if text.isEmpty {
                if !data.isEmpty || !name.isEmpty {
                    let joined = data.joined(separator: "\n")
                    let value = (try? JSONValue(jsonText: joined)) ?? .string(joined)
                    events.append(ServerSentEvent(name: name.isEmpty ? "message" : name, data: value))
                }
                name = ""
                data = []
            } else if text.hasPrefix(":") {
                continue
            } else {
                let (field, value) = Self.split(text)
                switch field {
                case "event": name = value
                case "data": data.append(value)
                default: break
                }
            }
        }
        return events
    }

    /// `field: value` (one space after the colon dropped, as the specification says).
    static func split(_ text: String) -> (String, String) {
        guard let colon = text.firstIndex(of: ":") else { return (text, "") }
        var value = text[text.index(after: colon)...]
        if value.first == " " { value = value.dropFirst() }
        return (String(text[..<colon]), String(value))
    }
}
