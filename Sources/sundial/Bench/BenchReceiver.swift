import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A callback receiver on 127.0.0.1 for the benchmark. A healthy one answers every request `204 No Content` and
/// counts them (so the figures measure the sender, not the receiver), noting when each `webhook-id` first arrived;
/// the others misbehave as `Behavior` says, for the fairness scenario.
final class BenchReceiver: Sendable {
    /// How the receiver answers.
    enum Behavior: Sendable {
        /// `204` at once.
        case healthy
        /// Accepts the connection and the request, and never answers.
        case hang
        /// `503` at once.
        case fail
        /// `429` with `Retry-After: 1`.
        case throttle
    }

    private struct State {
        var received = 0
        var requests = 0
        var firstArrival: [String: Date] = [:]
        var waiter: (count: Int, continuation: CheckedContinuation<Void, Never>)?
    }

    let port: Int
    let behavior: Behavior
    private let state = Mutex(State())
    private let channel: any Channel

    private init(port: Int, behavior: Behavior, channel: any Channel) {
        self.port = port
        self.behavior = behavior
        self.channel = channel
    }

    var url: String { "http://127.0.0.1:\(port)/callback" }

    var received: Int { state.withLock { $0.received } }

    /// Requests that arrived, answered or not.
    var requests: Int { state.withLock { $0.requests } }

    /// When each `webhook-id` first arrived (a retry of it is not a new arrival).
    var arrivals: [String: Date] { state.withLock { $0.firstArrival } }

    /// Starts a receiver; `stop()` closes it.
    static func start(_ behavior: Behavior = .healthy) async throws -> BenchReceiver {
        let counter = Counter()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(.backlog, value: 1024)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler(counter: counter, behavior: behavior))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let receiver = BenchReceiver(port: channel.localAddress?.port ?? 0, behavior: behavior, channel: channel)
        counter.receiver.withLock { $0 = receiver }
        return receiver
    }

    /// Suspends until `count` requests have been answered in all.
    func wait(for count: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state -> Bool in
                if state.received >= count { return true }
                state.waiter = (count, continuation)
                return false
            }
            if ready { continuation.resume() }
        }
    }

    func stop() async {
        try? await channel.close()
    }

    fileprivate func count(webhookID: String?, at: Date, answered: Bool) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.requests += 1
            guard answered else { return nil }
            state.received += 1
            if let webhookID, state.firstArrival[webhookID] == nil { state.firstArrival[webhookID] = at }
            guard let waiter = state.waiter, state.received >= waiter.count else { return nil }
            state.waiter = nil
            return waiter.continuation
        }
        waiter?.resume()
    }

    /// Lets the channel handlers reach the receiver once it exists.
    private final class Counter: Sendable {
        let receiver = Mutex<BenchReceiver?>(nil)
        func count(webhookID: String?, at: Date, answered: Bool) {
            receiver.withLock { $0 }?.count(webhookID: webhookID, at: at, answered: answered)
        }
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let counter: Counter
        let behavior: Behavior
        private var webhookID: String?

        init(counter: Counter, behavior: Behavior) {
            self.counter = counter
            self.behavior = behavior
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                webhookID = head.headers.first(name: "webhook-id")
                return
            case .body:
                return
            case .end:
                break
            }
            counter.count(webhookID: webhookID, at: Date(), answered: behavior == .healthy)
            let (status, headers): (HTTPResponseStatus, HTTPHeaders)
            switch behavior {
            case .hang:
                return
            case .healthy:
                (status, headers) = (.noContent, ["Content-Length": "0"])
            case .fail:
                (status, headers) = (.serviceUnavailable, ["Content-Length": "0"])
            case .throttle:
                (status, headers) = (.tooManyRequests, ["Content-Length": "0", "Retry-After": "1"])
            }
            let head = HTTPResponseHead(version: .http1_1, status: status, headers: headers)
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}
