import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A scriptable HTTP/1.1 server on 127.0.0.1 for tests: a handler decides each response, and every request is
/// recorded (method, target, headers, body) before the handler runs.
///
/// ```swift
/// try await LoopbackHTTPServer.with(handler: { _ in .text("busy", status: 503) }) { server in
///     … send to server.url("/hook") …
///     let requests = await server.waitForRequests(1)
/// }
/// ```
public final class LoopbackHTTPServer: Sendable {
    /// Decides the response to one request at once, on the server's event loop: it is answered even while the
    /// test blocks the cooperative thread pool (waiting for a child process, say).
    public typealias Handler = @Sendable (LoopbackRequest) -> LoopbackResponse
    /// Decides the response to one request and may suspend first (to hold a response back until a test lets it
    /// go); it runs as a task on the cooperative pool.
    public typealias AsyncHandler = @Sendable (LoopbackRequest) async -> LoopbackResponse

    /// The port the server is bound to.
    public let port: Int
    private let log: LoopbackRequestLog

    private init(port: Int, log: LoopbackRequestLog) {
        self.port = port
        self.log = log
    }

    /// `http://127.0.0.1:PORT`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// `baseURL` followed by `path`.
    public func url(_ path: String) -> String { baseURL + path }

    /// Every request received so far, in arrival order.
    public var requests: [LoopbackRequest] { log.requests }

    /// Suspends until at least `count` requests have arrived; returns all received by then.
    public func waitForRequests(_ count: Int) async -> [LoopbackRequest] {
        await log.wait(for: count)
    }

    /// Starts a server answering with `handler` (by default 200 `ok`), runs `body`, then closes the server and its
    /// connections whatever happens.
    public static func with<T>(
        handler: @escaping Handler = { _ in .text("ok") }, _ body: (LoopbackHTTPServer) async throws -> T
    ) async throws -> T {
        try await serve(.immediate(handler), body)
    }

    /// Starts a server answering with `asyncHandler`, runs `body`, then closes the server and its connections
    /// whatever happens.
    public static func with<T>(
        asyncHandler: @escaping AsyncHandler, _ body: (LoopbackHTTPServer) async throws -> T
    ) async throws -> T {
        try await serve(.suspending(asyncHandler), body)
    }

    /// How responses are decided.
    enum Responder: Sendable {
        case immediate(Handler)
        case suspending(AsyncHandler)
    }

    private static func serve<T>(_ responder: Responder, _ body: (LoopbackHTTPServer) async throws -> T)
        async throws -> T
    {
        let log = LoopbackRequestLog()
        let connections = LoopbackConnections()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                connections.insert(channel)
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(
                        LoopbackChannelHandler(log: log, responder: responder))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let server = LoopbackHTTPServer(port: channel.localAddress?.port ?? 0, log: log)
        let result: Result<T, any Error>
        do {
            result = .success(try await body(server))
        } catch {
            result = .failure(error)
        }
        try? await channel.close()
        await connections.closeAll()
        return try result.get()
    }
}

/// The requests received and the tests waiting for a number of them.
final class LoopbackRequestLog: Sendable {
    private struct State {
        var requests: [LoopbackRequest] = []
        var waiters: [(count: Int, continuation: CheckedContinuation<[LoopbackRequest], Never>)] = []
    }

    private let state = Mutex(State())

    var requests: [LoopbackRequest] { state.withLock { $0.requests } }

    func record(_ request: LoopbackRequest) {
        let (ready, requests) = state.withLock { state in
            state.requests.append(request)
            let count = state.requests.count
            let ready = state.waiters.filter { $0.count <= count }.map(\.continuation)
            state.waiters.removeAll { $0.count <= count }
            return (ready, state.requests)
        }
        for waiter in ready { waiter.resume(returning: requests) }
    }

    func wait(for count: Int) async -> [LoopbackRequest] {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> [LoopbackRequest]? in
                if state.requests.count >= count { return state.requests }
                state.waiters.append((count, continuation))
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}

/// The accepted connections still open, so the server can close them when it stops.
final class LoopbackConnections: Sendable {
    private let channels = Mutex<[ObjectIdentifier: any Channel]>([:])

    func insert(_ channel: any Channel) {
        let key = ObjectIdentifier(channel)
        channels.withLock { $0[key] = channel }
        channel.closeFuture.whenComplete { [self] _ in
            _ = channels.withLock { $0.removeValue(forKey: key) }
        }
    }

    func closeAll() async {
        let open = channels.withLock { Array($0.values) }
        for channel in open { try? await channel.close() }
    }
}
