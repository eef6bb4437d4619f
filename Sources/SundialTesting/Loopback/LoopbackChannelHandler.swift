import NIOCore
import NIOHTTP1

/// Reads one request at a time, records it, asks the server's handler for the response and writes it.
///
/// The pipeline's HTTP server pipelining handler holds further requests on the connection until a response has
/// ended, so responses go out in request order even when the handler runs asynchronously.
final class LoopbackChannelHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let log: LoopbackRequestLog
    private let responder: LoopbackHTTPServer.Responder
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(log: LoopbackRequestLog, responder: LoopbackHTTPServer.Responder) {
        self.log = log
        self.responder = responder
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = []
        case .body(var buffer):
            body += buffer.readBytes(length: buffer.readableBytes) ?? []
        case .end:
            guard let head else { return }
            self.head = nil
            let request = LoopbackRequest(
                method: head.method.rawValue, uri: head.uri, headers: head.headers.map { ($0.name, $0.value) },
                body: body)
            log.record(request)
            let keepAlive = head.isKeepAlive
            switch responder {
            case .immediate(let handler):
                write(handler(request), keepAlive: keepAlive, context: context)
            case .suspending(let handler):
                let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
                context.eventLoop.makeFutureWithTask { await handler(request) }.whenSuccess { response in
                    let (this, context) = bound.value
                    this.write(response, keepAlive: keepAlive, context: context)
                }
            }
        }
    }

    private func write(_ response: LoopbackResponse, keepAlive: Bool, context: ChannelHandlerContext) {
        var headers = HTTPHeaders(response.headers.map { ($0.name, $0.value) })
        headers.replaceOrAdd(name: "Content-Length", value: "\(response.body.count)")
        if !keepAlive { headers.replaceOrAdd(name: "Connection", value: "close") }
        let head = HTTPResponseHead(
            version: .http1_1, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: response.body)))), promise: nil)
        let ended = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            let channel = context.channel
            ended.whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
