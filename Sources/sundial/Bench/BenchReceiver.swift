import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A callback receiver on 127.0.0.1 for the benchmark: answers every request `204 No Content` and counts them, so
/// the figures measure the sender, not the receiver.
final class BenchReceiver: Sendable {
    private struct State {
        var received = 0
        var waiter: (count: Int, continuation: CheckedContinuation<Void, Never>)?
    }

    let port: Int
    private let state = Mutex(State())
    private let channel: any Channel

    private init(port: Int, channel: any Channel) {
        self.port = port
        self.channel = channel
    }

    var url: String { "http://127.0.0.1:\(port)/callback" }

    var received: Int { state.withLock { $0.received } }

    /// Starts a receiver; `stop()` closes it.
    static func start() async throws -> BenchReceiver {
        let counter = Counter()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(.backlog, value: 1024)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler(counter: counter))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let receiver = BenchReceiver(port: channel.localAddress?.port ?? 0, channel: channel)
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

    fileprivate func count() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.received += 1
            guard let waiter = state.waiter, state.received >= waiter.count else { return nil }
            state.waiter = nil
            return waiter.continuation
        }
        waiter?.resume()
    }

    /// Lets the channel handlers reach the receiver once it exists.
    private final class Counter: Sendable {
        let receiver = Mutex<BenchReceiver?>(nil)
        func count() { receiver.withLock { $0 }?.count() }
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let counter: Counter
        init(counter: Counter) { self.counter = counter }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard case .end = unwrapInboundIn(data) else { return }
            let head = HTTPResponseHead(version: .http1_1, status: .noContent, headers: ["Content-Length": "0"])
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            counter.count()
        }
    }
}
