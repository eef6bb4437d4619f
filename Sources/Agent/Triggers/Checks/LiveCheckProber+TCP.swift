import Actions
import NIOCore
import NIOPosix
import Workflow

extension LiveCheckProber {
    /// Opens a TCP connection to `host:port` (the address vetted by the outbound policy) and closes it: healthy
    /// when it opens within the timeout.
    func probe(_ tcp: MonitorCheck.TCPProbe, timeout: Duration) async -> CheckResult {
        var details: [String: JSONValue] = ["kind": "tcp", "host": .string(tcp.host), "port": .int(tcp.port)]
        let target = "\(tcp.host):\(tcp.port)"
        do {
            let address = try await policy.vettedAddress(for: tcp.host)
            details["address"] = .string(address.description)
            let socketAddress = try SocketAddress(ipAddress: address.description, port: Int(tcp.port))
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.nanoseconds(timeout.nanoseconds))
                .connect(to: socketAddress).get()
            try? await channel.close()
            return CheckResult(healthy: true, detail: "connected to \(target)", details: details)
        } catch let failure as ActionFailure {
            details["error"] = .string(failure.code)
            return CheckResult(healthy: false, detail: failure.message, details: details)
        } catch {
            details["error"] = "tcp.connect"
            return CheckResult(healthy: false, detail: "cannot connect to \(target): \(error)", details: details)
        }
    }
}
