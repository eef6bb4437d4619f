import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The agent's HTTP service: Hummingbird's HTTP/1 server on `listen`, every connection under the
/// `ConnectionLimiter`'s cap and the limits' deadlines (`ConnectionGuardHandler`). A failure to listen (the port is
/// taken, the address is not this host's) is a `ListenError` naming the address and the reason.
struct AgentHTTPServer: Service {
    let application: Application<RouterResponder<BasicRequestContext>>
    let listen: ListenAddress
    private let listening = ListeningFlag()

    /// Whether the server got as far as listening (a later failure is not a failure to listen).
    private final class ListeningFlag: Sendable {
        let value = Atomic<Bool>(false)
    }

    init(
        router: Router<BasicRequestContext>, listen: ListenAddress, limits: AgentLimits, limiter: ConnectionLimiter,
        logger: Logger, onListening: @escaping @Sendable (Int) async -> Void
    ) {
        self.listen = listen
        let timeouts = ConnectionDeadlines.Timeouts(limits)
        let listening = self.listening
        application = Application(
            router: router,
            server: .http1(
                configuration: .init(
                    additionalChannelHandlers: [ConnectionGuardHandler(limiter: limiter, timeouts: timeouts)])),
            configuration: ApplicationConfiguration(
                address: .hostname(listen.host, port: listen.port), serverName: "sundial"),
            onServerRunning: { channel in
                listening.value.store(true, ordering: .relaxed)
                let port = channel.localAddress?.port ?? listen.port
                logger.notice(
                    "listening",
                    metadata: [
                        "http.address": "\(listen.host):\(port)",
                        "http.connections.max": "\(limiter.maxConnections)",
                    ])
                await onListening(port)
            },
            logger: logger)
    }

    func run() async throws {
        do {
            try await application.run()
        } catch {
            guard !listening.value.load(ordering: .relaxed) else { throw error }
            throw ListenError(address: listen, error: error)
        }
    }
}

/// The agent could not listen on its address; `description` is the one line an operator reads.
public struct ListenError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Always `listen.failed`.
    public var code: String { "listen.failed" }
    public var address: ListenAddress
    /// What the system said, and what to do about it.
    public var reason: String

    public init(address: ListenAddress, reason: String) {
        self.address = address
        self.reason = reason
    }

    /// The reason for `error`, a bind failure (`IOError`) or another.
    init(address: ListenAddress, error: any Error) {
        self.address = address
        guard let io = error as? IOError else {
            reason = "\(error)"
            return
        }
        switch io.errnoCode {
        case EADDRINUSE:
            reason =
                "the address is already in use: another process listens on port \(address.port) "
                + "(see 'ss -ltnp sport = :\(address.port)'); stop it or choose another --listen address"
        case EACCES:
            reason = "permission denied: ports below 1024 need root or CAP_NET_BIND_SERVICE"
        case EADDRNOTAVAIL:
            reason = "the address is not one of this host's"
        default:
            reason = String(cString: strerror(io.errnoCode)) + " (errno \(io.errnoCode))"
        }
    }

    public var description: String { "cannot listen on \(address): \(reason)" }
}
