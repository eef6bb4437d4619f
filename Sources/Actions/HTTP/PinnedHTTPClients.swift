import AsyncHTTPClient
import NIOCore
import Synchronization

/// HTTP clients kept per host and vetted address, so repeated exchanges with one destination reuse connections.
///
/// Each client pins its host to one address through `dnsOverride` (as `HTTPExchange` does for a one-off client), so
/// a pooled connection only ever goes to the address the outbound policy vetted; when the host later resolves to
/// another address, another client is used. Redirects are never followed. At most `capacity` clients are kept:
/// the least recently used one is shut down to make room. Use it through `with(connectionsPerHost:capacity:_:)`,
/// which shuts every client down at the end.
public final class PinnedHTTPClients: Sendable {
    private struct Key: Hashable {
        var host: String
        var address: String
    }

    private struct Entry {
        var client: HTTPClient
        var lastUse: UInt64
    }

    private struct State {
        var clients: [Key: Entry] = [:]
        var uses: UInt64 = 0
    }

    /// The connections each client keeps open to its destination.
    public let connectionsPerHost: Int
    /// How many destinations keep a client.
    public let capacity: Int
    /// How long a new connection may take to be established; nil for AsyncHTTPClient's default (10 s).
    public let connectTimeout: TimeAmount?
    private let state = Mutex(State())

    private init(connectionsPerHost: Int, capacity: Int, connectTimeout: TimeAmount?) {
        self.connectionsPerHost = max(1, connectionsPerHost)
        self.capacity = max(1, capacity)
        self.connectTimeout = connectTimeout
    }

    /// Runs `body` with a set of pooled clients and shuts them all down after it.
    /// - Parameter connectTimeout: how long connecting may take before the exchange fails with `http.timeout`.
    public static func with<T>(
        connectionsPerHost: Int = 8, capacity: Int = 64, connectTimeout: TimeAmount? = nil,
        _ body: (PinnedHTTPClients) async throws -> T
    ) async throws -> T {
        let clients = PinnedHTTPClients(
            connectionsPerHost: connectionsPerHost, capacity: capacity, connectTimeout: connectTimeout)
        let result: Result<T, any Error>
        do {
            result = .success(try await body(clients))
        } catch {
            result = .failure(error)
        }
        await clients.shutdown()
        return try result.get()
    }

    /// The client for `host` pinned to `address`, made on first use.
    func client(host: String, address: IPAddress) -> HTTPClient {
        let key = Key(host: host.lowercased(), address: address.description)
        let (client, evicted) = state.withLock { state -> (HTTPClient, HTTPClient?) in
            state.uses += 1
            if var entry = state.clients[key] {
                entry.lastUse = state.uses
                state.clients[key] = entry
                return (entry.client, nil)
            }
            var evicted: HTTPClient?
            if state.clients.count >= capacity,
                let oldest = state.clients.min(by: { $0.value.lastUse < $1.value.lastUse })
            {
                evicted = state.clients.removeValue(forKey: oldest.key)?.client
            }
            let client = HTTPClient(
                eventLoopGroup: HTTPClient.defaultEventLoopGroup,
                configuration: Self.configuration(
                    host: host, address: address, connectionsPerHost: connectionsPerHost,
                    connectTimeout: connectTimeout))
            state.clients[key] = Entry(client: client, lastUse: state.uses)
            return (client, evicted)
        }
        // The evicted client is the least recently used of `capacity`; a request still on it fails like a network
        // error. Its shutdown completes on its own event loop; nothing waits for it.
        _ = evicted?.shutdown()
        return client
    }

    /// A client configuration that connects `host` to `address` only and follows no redirect.
    static func configuration(
        host: String, address: IPAddress, connectionsPerHost: Int, connectTimeout: TimeAmount? = nil
    ) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        if let connectTimeout { configuration.timeout.connect = connectTimeout }
        configuration.dnsOverride[host] = address.description
        configuration.dnsOverride[host.lowercased()] = address.description
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = connectionsPerHost
        return configuration
    }

    private func shutdown() async {
        let clients = state.withLock { state in
            defer { state.clients = [:] }
            return state.clients.values.map(\.client)
        }
        for client in clients { try? await client.shutdown() }
    }
}
