import Agent
import Foundation
import Logging
import ServiceLifecycle
import Store
import SundialTesting
import Testing

/// Callback URLs that reference stored secrets: rendered for each attempt, never stored or shown rendered.
@Suite("Callback URLs with secrets")
struct CallbackSecretTests {
    typealias Fixtures = CallbackFixtures
    static let options = SQLiteStore.Options(secretsKey: Data(repeating: 9, count: 32))

    @Test("a {{ Secrets.… }} in the URL is rendered (percent-encoded) for the attempt; the outbox keeps the template")
    func rendered() async throws {
        try await SQLiteStore.withStore(.inMemory, options: Self.options) { store in
            _ = try await store.setSecret(name: "hookPath", value: Secret("p@th:9"), actor: "t", at: Fixtures.start)
            try await LoopbackHTTPServer.with { server in
                let clock = ManualClock(nowMillis: Fixtures.millis(Fixtures.start))
                let wakeup = CallbackWakeup()
                let template = server.url("/cb/{{ Secrets.hookPath }}")
                try await Fixtures.finish(store, "e1", url: template)
                try await Fixtures.running(try Fixtures.dispatcher(store, clock: clock, wakeup: wakeup)) {
                    wakeup.wake()
                    let path = await server.waitForRequests(1).first?.uri ?? ""
                    #expect(path.hasPrefix("/cb/p%40th%3A9"), "the value, percent-encoded: \(path)")
                }
                let (entry, attempts) = try await Fixtures.state(store, "e1")
                #expect(entry.url == template)
                #expect(entry.deliveredAt != nil)
                #expect(attempts.count == 1)
            }
        }
    }

    @Test("a secret missing when the callback is due is an attempt that says so, retried rather than abandoned")
    func missingIsRetried() async throws {
        try await SQLiteStore.withStore(.inMemory, options: Self.options) { store in
            let clock = ManualClock(nowMillis: Fixtures.millis(Fixtures.start))
            let wakeup = CallbackWakeup()
            try await Fixtures.finish(store, "e1", url: "http://127.0.0.1:9/cb/{{ Secrets.gone }}")
            try await Fixtures.running(try Fixtures.dispatcher(store, clock: clock, wakeup: wakeup)) {
                wakeup.wake()
                for _ in 0..<2000 {
                    if try await !Fixtures.state(store, "e1").1.isEmpty { break }
                    await Task.yield()
                }
            }
            let (entry, attempts) = try await Fixtures.state(store, "e1")
            #expect(attempts.first?.error?.contains("secret.missing") == true)
            #expect(attempts.first?.error?.contains("no secret \"gone\" is stored") == true)
            #expect(entry.abandonedAt == nil && entry.deliveredAt == nil)
        }
    }
}
