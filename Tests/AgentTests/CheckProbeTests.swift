import Actions
import Agent
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Testing
import Workflow

@Suite("Check probes against loopback")
struct CheckProbeTests {
    /// A prober allowed to reach loopback, as an agent with `allowOutbound: [127.0.0.1/32]` is.
    static let loopback = LiveCheckProber(policy: try! OutboundPolicy(allowing: ["127.0.0.1/32"]))

    /// The server's log: stopping it by cancellation is expected here, so only critical lines are kept.
    static let quietLogger: Logger = {
        var logger = Logger(label: "check-probe-test")
        logger.logLevel = .critical
        return logger
    }()

    /// Serves `/health` (200 "status: ok"), `/down` (503) on 127.0.0.1 and an ephemeral port while `body` runs.
    static func withServer<T: Sendable>(_ body: @Sendable (Int) async throws -> T) async throws -> T {
        let router = Router()
        router.get("/health") { _, _ in "status: ok" }
        router.get("/down") { _, _ in Response(status: .serviceUnavailable) }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let application = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
            logger: Self.quietLogger)
        let services = ServiceGroup(
            configuration: ServiceGroupConfiguration(services: [application], logger: Self.quietLogger))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await services.run() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            let result: Result<T, any Error>
            do {
                result = .success(try await body(port))
            } catch {
                result = .failure(error)
            }
            // A graceful stop closes the listener and lets open connections finish before `run` returns.
            await services.triggerGracefulShutdown()
            try await group.waitForAll()
            return try result.get()
        }
    }

    /// A port nothing listens on: one that was free to bind and has been closed again, below the ephemeral range,
    /// so neither a parallel test's `bind(0)` nor an outgoing connection's source port can take it meanwhile (a
    /// connection from an ephemeral port to itself would otherwise "succeed" on Linux).
    static func closedPort() async throws -> Int {
        for port in (20_000..<20_500).shuffled() {
            guard
                let listener = try? await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                    .bind(host: "127.0.0.1", port: port).get()
            else { continue }
            try await listener.close()
            return port
        }
        throw HarnessError("no port from 20000 to 20499 was free to bind")
    }

    static func check(http url: String, expectStatus: Int64? = nil, bodyContains: String? = nil) -> MonitorCheck {
        MonitorCheck(
            http: MonitorCheck.HTTPProbe(url: url, expectStatus: expectStatus, bodyContains: bodyContains),
            timeout: "5s")
    }

    @Test("HTTP: the status and body decide; the outbound policy applies")
    func http() async throws {
        try await Self.withServer { port in
            let base = "http://127.0.0.1:\(port)"
            let healthy = await Self.loopback.probe(Self.check(http: "\(base)/health", bodyContains: "ok"))
            #expect(healthy.healthy)
            #expect(healthy.details["status"] == 200)
            #expect(healthy.details["kind"] == "http")
            let down = await Self.loopback.probe(Self.check(http: "\(base)/down"))
            #expect(!down.healthy)
            #expect(down.detail == "HTTP 503 (expected 2xx)")
            let expected503 = await Self.loopback.probe(Self.check(http: "\(base)/down", expectStatus: 503))
            #expect(expected503.healthy)
            let wrongBody = await Self.loopback.probe(Self.check(http: "\(base)/health", bodyContains: "green"))
            #expect(!wrongBody.healthy)
            #expect(wrongBody.detail.contains("does not contain \"green\""))
            let refused = await LiveCheckProber(policy: OutboundPolicy()).probe(Self.check(http: "\(base)/health"))
            #expect(!refused.healthy)
            #expect(refused.details["error"] == "http.blocked")
        }
    }

    @Test("TCP: healthy while something listens, unhealthy on a closed port")
    func tcp() async throws {
        try await Self.withServer { port in
            let check = MonitorCheck(tcp: MonitorCheck.TCPProbe(host: "127.0.0.1", port: Int64(port)), timeout: "5s")
            let result = await Self.loopback.probe(check)
            #expect(result.healthy)
            #expect(result.details["address"] == "127.0.0.1")
        }
        let closedPort = try await Self.closedPort()
        let check = MonitorCheck(tcp: MonitorCheck.TCPProbe(host: "127.0.0.1", port: Int64(closedPort)), timeout: "5s")
        let closed = await Self.loopback.probe(check)
        #expect(!closed.healthy)
        #expect(closed.details["error"] == "tcp.connect")
        let blocked = await LiveCheckProber(policy: OutboundPolicy()).probe(check)
        #expect(blocked.details["error"] == "net.blocked")
    }

    @Test("command: exit 0 is healthy; another status or a missing program is not; output is kept")
    func command() async throws {
        func run(_ argv: [String]) async -> CheckResult {
            await Self.loopback.probe(MonitorCheck(command: MonitorCheck.CommandProbe(argv: argv), timeout: "10s"))
        }
        let ok = await run(["/bin/sh", "-c", "echo fine"])
        #expect(ok.healthy)
        #expect(ok.details["stdout"] == "fine\n")
        #expect(ok.details["exitCode"] == 0)
        let failing = await run(["/bin/sh", "-c", "echo broken >&2; exit 3"])
        #expect(!failing.healthy)
        #expect(failing.details["exitCode"] == 3)
        #expect(failing.details["stderr"] == "broken\n")
        #expect(failing.detail.contains("status 3"))
        let missing = await run(["/nonexistent/sundial-check"])
        #expect(!missing.healthy)
        #expect(missing.details["error"] == "command.launch")
    }
}
