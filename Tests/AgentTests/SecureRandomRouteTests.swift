import Agent
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
import Workflow

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Randomness failures in the API")
struct SecureRandomRouteTests {
    @Test("a request that cannot get random bytes for its id fails 503 with the reason, never with a weak id")
    func unavailable() async throws {
        let router = Router()
        router.add(middleware: APIErrorMiddleware(logger: Logger(label: "test"), metrics: AgentMetrics()))
        let failing = SecureRandom { _ in ENOSYS }
        router.post("/things") { _, _ -> String in try failing.uuid() }
        let app = Application(router: router)
        try await app.test(.router) { client in
            try await client.execute(uri: "/things", method: .post) { response in
                #expect(response.status == .serviceUnavailable)
                let body = String(buffer: response.body)
                #expect(body.contains("getrandom"))
                #expect(body.contains("no id, key or secret was made"))
            }
        }
    }

    @Test("admin tokens and callback secrets come from the given generator and fail with it")
    func tokens() throws {
        let failing = SecureRandom { _ in ENOSYS }
        #expect(throws: SecureRandomError.self) { try AdminKey.newToken(random: failing) }
        #expect(throws: SecureRandomError.self) { try WebhookSigner.newSecret(random: failing) }
        let ones = SecureRandom { buffer in
            for index in buffer.indices { buffer[index] = 0x11 }
            return 0
        }
        #expect(try AdminKey.newToken(random: ones) == "sdk_" + String(repeating: "11", count: 24))
        #expect(try AdminKey.newToken() != AdminKey.newToken())
    }
}
