import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Workflow

/// One request and its response, sent to an address the outbound policy has vetted.
///
/// The host is resolved here, every address it resolves to is checked, and the connection is pinned to the vetted
/// address through AsyncHTTPClient's `dnsOverride`: plain HTTP connects to that address with the original `Host`
/// header, and HTTPS additionally sends the host name as SNI and verifies the certificate against it. So the
/// name is looked up once, and a DNS answer that changes between the check and the connection has no effect.
///
/// Redirects are never followed here: a 3xx is returned as a response (the HTTP action follows them itself, vetting
/// each target).
public struct HTTPExchange: Sendable {
    /// The status, headers and (possibly truncated) body that came back.
    public struct Response: Sendable {
        public var status: Int
        public var reason: String
        public var headers: [(name: String, value: String)]
        public var body: [UInt8]
        /// Whether the body or the header list was cut at its limit.
        public var truncated: Bool

        /// The first value of header `name` (compared without case).
        public func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }
    }

    /// The most header fields an output keeps.
    static let maxHeaderFields = 100

    public var method: String
    public var url: URL
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]?
    public var maxResponseBytes: Int

    /// An exchange that sends `method` to `url`; nothing is sent until `perform`.
    public init(
        method: String, url: URL, headers: [(name: String, value: String)] = [], body: [UInt8]? = nil,
        maxResponseBytes: Int
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.maxResponseBytes = maxResponseBytes
    }

    /// Resolves the host with the system resolver, vets every address against `policy`, connects to the vetted
    /// one and reads the response.
    /// - Throws: `ActionFailure` (`http.url`, `http.dns`, `http.blocked`, `http.timeout`, `http.transport`) or
    ///   `CancellationError`.
    public func perform(policy: OutboundPolicy, deadline: NIODeadline) async throws -> Response {
        try await perform(policy: policy, resolve: HostResolver.resolve, deadline: deadline, clients: nil)
    }

    /// Resolves, vets and sends on a connection from `clients`' pool for the vetted address, then reads the
    /// response (at most `maxResponseBytes` of body).
    /// - Throws: `ActionFailure` (`http.url`, `http.dns`, `http.blocked`, `http.timeout`, `http.transport`) or
    ///   `CancellationError`.
    public func perform(policy: OutboundPolicy, clients: PinnedHTTPClients, deadline: NIODeadline) async throws
        -> Response
    {
        try await perform(policy: policy, resolve: HostResolver.resolve, deadline: deadline, clients: clients)
    }

    /// Resolves, vets, connects and reads the response (at most `maxResponseBytes` of body).
    /// - Throws: `ActionFailure` (`http.url`, `http.dns`, `http.blocked`, `http.timeout`, `http.transport`) or
    ///   `CancellationError`.
    /// - Parameters:
    ///   - resolve: the name lookup (the system resolver, or a stand-in in tests).
    ///   - clients: where to take a pooled client pinned to the vetted address; without, a client is made for
    ///     this exchange alone and shut down after it.
    func perform(
        policy: OutboundPolicy, resolve: HostResolver.Lookup = HostResolver.resolve, deadline: NIODeadline,
        clients: PinnedHTTPClients? = nil
    ) async throws -> Response {
        guard let host = HTTPRequest.host(of: url) else {
            throw ActionFailure(code: "http.url", message: "URL '\(url.absoluteString)' has no host")
        }
        let addresses: [IPAddress]
        do {
            addresses = try await resolve(host)
        } catch let failure as HostResolver.Failure {
            throw ActionFailure(code: "http.dns", message: failure.description)
        }
        let pinned: IPAddress
        do {
            pinned = try policy.vet(host: host, addresses: addresses)
        } catch {
            throw ActionFailure(code: "http.blocked", message: error.description)
        }
        let result: Result<Response, any Error>
        if let clients {
            do {
                result = .success(try await send(with: clients.client(host: host, address: pinned), deadline: deadline))
            } catch {
                result = .failure(error)
            }
        } else {
            let client = HTTPClient(
                eventLoopGroup: HTTPClient.defaultEventLoopGroup,
                configuration: PinnedHTTPClients.configuration(host: host, address: pinned, connectionsPerHost: 1))
            do {
                result = .success(try await send(with: client, deadline: deadline))
            } catch {
                result = .failure(error)
            }
            try? await client.shutdown()
        }
        do {
            return try result.get()
        } catch let error as HTTPClientError {
            if Task.isCancelled { throw CancellationError() }
            throw Self.failure(for: error, url: url)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw ActionFailure(code: "http.transport", message: "request to \(url.absoluteString) failed: \(error)")
        }
    }

    private func send(with client: HTTPClient, deadline: NIODeadline) async throws -> Response {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = HTTPMethod(rawValue: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await client.execute(request, deadline: deadline)
        var bytes: [UInt8] = []
        var truncated = false
        for try await var chunk in response.body {
            let room = maxResponseBytes - bytes.count
            if chunk.readableBytes > room {
                bytes += chunk.readBytes(length: room) ?? []
                truncated = true
                break  // leaving the loop abandons the rest of the body and closes the connection
            }
            bytes += chunk.readBytes(length: chunk.readableBytes) ?? []
        }
        return Response(
            status: Int(response.status.code), reason: response.status.reasonPhrase,
            headers: response.headers.prefix(Self.maxHeaderFields).map { ($0.name, $0.value) },
            body: bytes, truncated: truncated || response.headers.count > Self.maxHeaderFields)
    }

    static func failure(for error: HTTPClientError, url: URL) -> ActionFailure {
        let timeouts: [HTTPClientError] = [
            .deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout, .tlsHandshakeTimeout,
            .getConnectionFromPoolTimeout,
        ]
        if timeouts.contains(error) {
            return ActionFailure(code: "http.timeout", message: "request to \(url.absoluteString) timed out (\(error))")
        }
        return ActionFailure(code: "http.transport", message: "request to \(url.absoluteString) failed: \(error)")
    }
}
