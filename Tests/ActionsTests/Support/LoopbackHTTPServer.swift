import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A tiny HTTP/1.1 server on 127.0.0.1 for the HTTP action tests.
///
/// Routes: `/json` (a JSON object), `/echo` (the request as JSON: method, path, headers, body), `/status/N`
/// (status N), `/redirect?to=URL&status=N` (a redirect, by default to itself), `/big` (100 000 bytes of text). Every request is recorded,
/// so tests can assert that a refused destination was never contacted.
final class LoopbackHTTPServer: Sendable {
    let port: Int
    private let channel: any Channel
    private let requests = Mutex<[String]>([])

    var requestPaths: [String] { requests.withLock { $0 } }
    var baseURL: String { "http://127.0.0.1:\(port)" }

    private init(port: Int, channel: any Channel) {
        self.port = port
        self.channel = channel
    }

    /// Starts a server, runs `body`, and stops the server whatever happens.
    static func with<T>(_ body: (LoopbackHTTPServer) async throws -> T) async throws -> T {
        let recorder = RequestRecorder()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler(recorder: recorder))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let server = LoopbackHTTPServer(port: channel.localAddress?.port ?? 0, channel: channel)
        recorder.server.withLock { $0 = server }
        do {
            let result = try await body(server)
            try? await channel.close()
            return result
        } catch {
            try? await channel.close()
            throw error
        }
    }

    /// A redirect through this server to `target`.
    func redirect(to target: String, status: Int = 302) -> String {
        let encoded = target.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? target
        return baseURL + "/redirect?status=\(status)&to=\(encoded)"
    }

    fileprivate func record(_ path: String) {
        requests.withLock { $0.append(path) }
    }

    /// Lets handlers reach the server once it exists.
    fileprivate final class RequestRecorder: Sendable {
        let server = Mutex<LoopbackHTTPServer?>(nil)
        func record(_ path: String) { server.withLock { $0 }?.record(path) }
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let recorder: RequestRecorder
        var head: HTTPRequestHead?
        var body: [UInt8] = []

        init(recorder: RequestRecorder) { self.recorder = recorder }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
                body = []
            case .body(var buffer):
                body += buffer.readBytes(length: buffer.readableBytes) ?? []
            case .end:
                guard let head else { return }
                recorder.record(head.uri)
                respond(context: context, to: head)
            }
        }

        private func respond(context: ChannelHandlerContext, to head: HTTPRequestHead) {
            let url = URLComponents(string: head.uri)
            let path = url?.path ?? head.uri
            let query = Dictionary(
                (url?.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { first, _ in first })
            var status = HTTPResponseStatus.ok
            var headers = HTTPHeaders([("Content-Type", "text/plain")])
            var payload = Array("ok".utf8)
            switch path {
            case "/json":
                headers.replaceOrAdd(name: "Content-Type", value: "application/json; charset=utf-8")
                payload = Array(#"{"ok":true,"items":[1,2]}"#.utf8)
            case "/echo":
                headers.replaceOrAdd(name: "Content-Type", value: "application/json")
                let echoed: [String: Any] = [
                    "method": head.method.rawValue, "path": head.uri,
                    "headers": Dictionary(
                        head.headers.map { ($0.name.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a }),
                    "body": String(decoding: body, as: UTF8.self),
                ]
                payload = Array((try? JSONSerialization.data(withJSONObject: echoed)) ?? Data())
            case let statusPath where statusPath.hasPrefix("/status/"):
                status = HTTPResponseStatus(statusCode: Int(statusPath.dropFirst("/status/".count)) ?? 500)
                payload = Array("status \(status.code)".utf8)
            case "/redirect":
                status = HTTPResponseStatus(statusCode: Int(query["status"] ?? "") ?? 302)
                headers.add(name: "Location", value: query["to"] ?? "/redirect")
                payload = []
            case "/big":
                payload = Array(repeating: UInt8(ascii: "x"), count: 100_000)
            default:
                status = .notFound
            }
            headers.add(name: "Content-Length", value: "\(payload.count)")
            context.write(
                wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))),
                promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: payload)))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}
