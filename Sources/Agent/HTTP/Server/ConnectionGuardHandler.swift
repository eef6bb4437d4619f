import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// One per HTTP connection, after the HTTP/1 codec: admits the connection through the `ConnectionLimiter`
/// (answering 503 when every connection is busy) and closes it when it breaks a `ConnectionDeadlines` deadline
/// (a request head too slow to come, a body that stops arriving, a keep-alive connection idle too long).
///
/// A refused connection gets its 503, then its output is shut and whatever it still sends is read and dropped for
/// up to a second, so the client reads the answer instead of a reset.
final class ConnectionGuardHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let limiter: ConnectionLimiter
    private let timeouts: ConnectionDeadlines.Timeouts
    private var deadlines: ConnectionDeadlines?
    private var id: UInt64?
    private var refusing = false
    private var timer: Scheduled<Void>?
    private var timerAt: Int64?

    /// How long a refused connection is drained before it is closed.
    static let refusalLinger = TimeAmount.seconds(1)

    init(limiter: ConnectionLimiter, timeouts: ConnectionDeadlines.Timeouts) {
        self.limiter = limiter
        self.timeouts = timeouts
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelTimer()
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelTimer()
        if let id { limiter.closed(id) }
        id = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !refusing else { return }
        if var deadlines {
            let now = Self.now(context)
            switch unwrapInboundIn(data) {
            case .head:
                deadlines.headRead(at: now)
                if let id { limiter.setIdle(id, false, at: now) }
            case .body: deadlines.bodyRead(at: now)
            case .end: deadlines.endRead()
            }
            self.deadlines = deadlines
            arm(context)
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), var deadlines {
            let now = Self.now(context)
            deadlines.responseEnded(at: now)
            self.deadlines = deadlines
            if deadlines.isIdle, let id { limiter.setIdle(id, true, at: now) }
            arm(context)
        }
        context.write(data, promise: promise)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if refusing, let event = event as? ChannelEvent, event == .inputClosed {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    /// Asks the limiter for a place once the connection is active.
    private func start(_ context: ChannelHandlerContext) {
        guard deadlines == nil, !refusing else { return }
        let now = Self.now(context)
        switch limiter.admit(context.channel, at: now) {
        case .admitted(let id):
            self.id = id
            deadlines = ConnectionDeadlines(timeouts: timeouts, openedAt: now)
            arm(context)
        case .refused:
            refuse(context)
        }
    }

    /// Answers 503 with `Connection: close`, shuts the output, and closes after the linger.
    private func refuse(_ context: ChannelHandlerContext) {
        refusing = true
        let body = ByteBuffer(
            string: #"{"errors":["the agent has too many open connections, all busy (limits.maxConnections = "#
                + "\(limiter.maxConnections)); retry shortly\"]}")
        var response = HTTPResponse(status: .serviceUnavailable)
        response.headerFields[.contentType] = "application/json"
        response.headerFields[.contentLength] = "\(body.readableBytes)"
        response.headerFields[.connection] = "close"
        response.headerFields[.retryAfter] = "1"
        context.write(wrapOutboundOut(.head(response)), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
            channel.close(mode: .output, promise: nil)
        }
        timer = context.eventLoop.scheduleTask(in: Self.refusalLinger) { channel.close(promise: nil) }
    }

    /// Makes the timer fire by the current deadline.
    private func arm(_ context: ChannelHandlerContext) {
        guard let deadline = deadlines?.deadline else { return }
        if let timerAt, timerAt <= deadline.at, timer != nil { return }
        cancelTimer()
        timerAt = deadline.at
        let loop = context.eventLoop.assumeIsolated()
        timer = loop.scheduleTask(deadline: .uptimeNanoseconds(UInt64(max(0, deadline.at)))) { [self] in
            self.fired(context)
        }
    }

    private func fired(_ context: ChannelHandlerContext) {
        timer = nil
        timerAt = nil
        guard let deadlines else { return }
        let now = Self.now(context)
        switch deadlines.expired(at: now) {
        case .close(let reason):
            limiter.timedOut(reason, at: now)
            self.deadlines = nil
            context.close(promise: nil)
        case .rearm:
            arm(context)
        case .none:
            break
        }
    }

    private func cancelTimer() {
        timer?.cancel()
        timer = nil
        timerAt = nil
    }

    private static func now(_ context: ChannelHandlerContext) -> Int64 {
        Int64(clamping: context.eventLoop.now.uptimeNanoseconds)
    }
}

@available(*, unavailable)
extension ConnectionGuardHandler: Sendable {}
