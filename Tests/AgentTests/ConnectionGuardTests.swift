import HTTPTypes
import Logging
import NIOCore
import NIOEmbedded
import NIOHTTPTypes
import Testing

@testable import Agent

@Suite("Connection guard")
struct ConnectionGuardTests {
    static let timeouts = ConnectionDeadlines.Timeouts(
        AgentLimits(headTimeoutSeconds: 10, bodyReadTimeoutSeconds: 30, idleTimeoutSeconds: 60))

    static func connection(_ limiter: ConnectionLimiter, on loop: EmbeddedEventLoop) async throws -> EmbeddedChannel {
        let channel = EmbeddedChannel(
            handler: ConnectionGuardHandler(limiter: limiter, timeouts: timeouts), loop: loop)
        try await channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 9)).get()
        return channel
    }

    static let post = HTTPRequestPart.head(HTTPRequest(method: .post, scheme: nil, authority: nil, path: "/x"))

    @Test("past the cap with every connection busy, a new one is answered 503 at once; the busy one keeps working")
    func refusedWhenBusy() async throws {
        let loop = EmbeddedEventLoop()
        let limiter = ConnectionLimiter(maxConnections: 1, logger: Logger(label: "test"))
        let busy = try await Self.connection(limiter, on: loop)
        try busy.writeInbound(Self.post)
        let refused = try await Self.connection(limiter, on: loop)
        guard case .head(let response) = try refused.readOutbound(as: HTTPResponsePart.self) else {
            Issue.record("no response head")
            return
        }
        #expect(response.status == .serviceUnavailable)
        #expect(response.headerFields[.connection] == "close")
        #expect(response.headerFields[.retryAfter] == "1")
        guard case .body(let body) = try refused.readOutbound(as: HTTPResponsePart.self) else {
            Issue.record("no response body")
            return
        }
        #expect(String(buffer: body).contains("limits.maxConnections = 1"))
        // What the refused client still sends is dropped, and it is closed after the linger.
        try refused.writeInbound(Self.post)
        #expect(try refused.readInbound(as: HTTPRequestPart.self) == nil)
        loop.advanceTime(by: ConnectionGuardHandler.refusalLinger)
        #expect(!refused.isActive)
        #expect(busy.isActive)
        #expect(try busy.readInbound(as: HTTPRequestPart.self) != nil)
        #expect(limiter.counts.refused == 1 && limiter.counts.open == 1)
    }

    @Test("at the cap the longest-idle connection is closed for the new one")
    func evictsIdle() async throws {
        let loop = EmbeddedEventLoop()
        let limiter = ConnectionLimiter(maxConnections: 2, logger: Logger(label: "test"))
        let oldest = try await Self.connection(limiter, on: loop)
        loop.advanceTime(by: .seconds(1))
        let busy = try await Self.connection(limiter, on: loop)
        try busy.writeInbound(Self.post)
        loop.advanceTime(by: .seconds(1))
        let fresh = try await Self.connection(limiter, on: loop)
        #expect(!oldest.isActive)
        #expect(busy.isActive && fresh.isActive)
        #expect(try fresh.readOutbound(as: HTTPResponsePart.self) == nil)
        #expect(limiter.counts.evicted == 1 && limiter.counts.open == 2)
    }

    @Test("a connection that sends no head is closed at the head timeout")
    func headTimeout() async throws {
        let loop = EmbeddedEventLoop()
        let limiter = ConnectionLimiter(maxConnections: 8, logger: Logger(label: "test"))
        let slow = try await Self.connection(limiter, on: loop)
        loop.advanceTime(by: .seconds(9))
        #expect(slow.isActive)
        loop.advanceTime(by: .seconds(1))
        #expect(!slow.isActive)
        #expect(limiter.counts.timedOut["head"] == 1 && limiter.counts.open == 0)
    }

    @Test("a body that stops arriving is closed at the body timeout; an answered request is never timed")
    func bodyAndIdle() async throws {
        let loop = EmbeddedEventLoop()
        let limiter = ConnectionLimiter(maxConnections: 8, logger: Logger(label: "test"))
        let stalled = try await Self.connection(limiter, on: loop)
        try stalled.writeInbound(Self.post)
        loop.advanceTime(by: .seconds(20))
        try stalled.writeInbound(HTTPRequestPart.body(ByteBuffer(string: "x")))
        loop.advanceTime(by: .seconds(20))
        #expect(stalled.isActive)
        loop.advanceTime(by: .seconds(10))
        #expect(!stalled.isActive)
        #expect(limiter.counts.timedOut["body"] == 1)

        let served = try await Self.connection(limiter, on: loop)
        try served.writeInbound(Self.post)
        try served.writeInbound(HTTPRequestPart.end(nil))
        loop.advanceTime(by: .seconds(600))
        #expect(served.isActive)
        try served.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok)))
        try served.writeOutbound(HTTPResponsePart.end(nil))
        loop.advanceTime(by: .seconds(59))
        #expect(served.isActive)
        loop.advanceTime(by: .seconds(1))
        #expect(!served.isActive)
        #expect(limiter.counts.timedOut["idle"] == 1)
    }
}
