import Agent
import Foundation
import Store
import SundialTesting
import Testing

/// One attempt at a time through `deliverDue()`, on a manual clock, against the loopback receiver.
@Suite("Callback delivery")
struct CallbackDeliveryTests {
    typealias Fixtures = CallbackFixtures

    /// A store, a receiver answering with `script`, a clock at the fixtures' start and a dispatcher on it.
    func scenario(
        _ script: [LoopbackResponse], allowLoopback: Bool = true,
        _ body: (SQLiteStore, LoopbackHTTPServer, ManualClock, CallbackDispatcher) async throws -> Void
    ) async throws {
        let responses = ScriptedResponses(script)
        try await SQLiteStore.withStore(.inMemory) { store in
            try await LoopbackHTTPServer.with(handler: { responses.next($0) }) { server in
                let clock = ManualClock(nowMillis: Fixtures.millis(Fixtures.start))
                let dispatcher = try Fixtures.dispatcher(store, clock: clock, allowLoopback: allowLoopback)
                try await body(store, server, clock, dispatcher)
            }
        }
    }

    @Test("500 is retried after the backoff with the same webhook-id, then 200 delivers")
    func retriesThenDelivers() async throws {
        try await scenario([.text("down", status: 500), .text("ok")]) { store, server, clock, dispatcher in
            try await Fixtures.finish(store, "e1", url: server.url("/hook"))
            #expect(try await dispatcher.deliverDue() == 1)
            var (entry, attempts) = try await Fixtures.state(store, "e1")
            // Attempt 1 waits 5 s × (0.5 + jitter 0.5 / 2) = 3.75 s.
            #expect(entry.nextAttemptAt == Fixtures.start.addingTimeInterval(3.75))
            #expect(entry.deliveredAt == nil && entry.abandonedAt == nil)
            #expect(attempts.map(\.statusCode) == [500])
            #expect(attempts.first?.error == "answered 500 Internal Server Error: down")
            #expect(try await dispatcher.deliverDue() == 0)
            clock.advance(by: 3750)
            #expect(try await dispatcher.deliverDue() == 1)
            (entry, attempts) = try await Fixtures.state(store, "e1")
            #expect(entry.deliveredAt == Fixtures.start.addingTimeInterval(3.75))
            #expect(attempts.map(\.statusCode) == [500, 200])
            #expect(attempts.map(\.number) == [1, 2])
            #expect(attempts.last?.error == nil)
            let requests = server.requests
            #expect(requests.count == 2)
            #expect(requests.allSatisfy { $0.method == "POST" && $0.path == "/hook" })
            #expect(Set(requests.map { $0.header("webhook-id") }) == ["msg_e1"])
            #expect(requests.map { $0.header("webhook-timestamp") } == ["1750000000", "1750000003"])
            #expect(requests.allSatisfy { $0.header("content-type") == "application/json" })
            for request in requests {
                let expected = try WebhookSigner(secret: Fixtures.secret).signature(
                    id: "msg_e1", timestamp: Int64(request.header("webhook-timestamp") ?? "") ?? 0, body: request.body)
                #expect(request.header("webhook-signature") == expected)
            }
            #expect(requests.first?.text == entry.payload)
            #expect(requests.first?.text.contains(#""status":"Successful""#) == true)
        }
    }

    @Test("429 waits for Retry-After, in seconds and as an HTTP-date")
    func honoursRetryAfter() async throws {
        let script: [LoopbackResponse] = [
            .text("slow down", status: 429, headers: [("Retry-After", "120")]),
            .text("slow down", status: 429, headers: [("Retry-After", "Sun, 15 Jun 2025 15:10:00 GMT")]),
            .text("ok"),
        ]
        try await scenario(script) { store, server, clock, dispatcher in
            try await Fixtures.finish(store, "e1", url: server.url("/hook"))
            _ = try await dispatcher.deliverDue()
            #expect(try await Fixtures.state(store, "e1").0.nextAttemptAt == Fixtures.start.addingTimeInterval(120))
            clock.advance(by: 119_999)
            #expect(try await dispatcher.deliverDue() == 0)
            clock.advance(by: 1)
            #expect(try await dispatcher.deliverDue() == 1)
            // 1750000000 is 2025-06-15T15:06:40Z; the date asks for 15:10:00.
            #expect(try await Fixtures.state(store, "e1").0.nextAttemptAt == Date(timeIntervalSince1970: 1_750_000_200))
            clock.advance(to: 1_750_000_200_000)
            #expect(try await dispatcher.deliverDue() == 1)
            let (entry, attempts) = try await Fixtures.state(store, "e1")
            #expect(entry.deliveredAt != nil)
            #expect(attempts.map(\.statusCode) == [429, 429, 200])
        }
    }

    @Test("410 stops delivery; other 4xx are recorded and not retried")
    func goneAndClientErrorsStop() async throws {
        for (status, note) in [(410, "410 Gone"), (404, "not retried"), (400, "not retried")] {
            try await scenario([.text("no", status: status)]) { store, server, clock, dispatcher in
                try await Fixtures.finish(store, "e1", url: server.url("/hook"))
                #expect(try await dispatcher.deliverDue() == 1)
                clock.advance(by: 86_400_000)
                #expect(try await dispatcher.deliverDue() == 0)
                let (entry, attempts) = try await Fixtures.state(store, "e1")
                #expect(entry.abandonedAt == Fixtures.start)
                #expect(attempts.map(\.statusCode) == [status])
                #expect(attempts.first?.error?.contains(note) == true, "\(attempts)")
                #expect(server.requests.count == 1)
            }
        }
    }

    @Test("a redirect is recorded, not followed and not retried")
    func redirectsAreNotFollowed() async throws {
        try await scenario([LoopbackResponse(status: 302, headers: [("Location", "/elsewhere")])]) {
            store, server, clock, dispatcher in
            try await Fixtures.finish(store, "e1", url: server.url("/hook"))
            _ = try await dispatcher.deliverDue()
            clock.advance(by: 3_600_000)
            #expect(try await dispatcher.deliverDue() == 0)
            let (entry, attempts) = try await Fixtures.state(store, "e1")
            #expect(entry.abandonedAt != nil)
            #expect(attempts.map(\.statusCode) == [302])
            #expect(attempts.first?.error?.contains("Location: /elsewhere") == true)
            #expect(attempts.first?.error?.contains("redirects are not followed") == true)
            #expect(server.requests.map(\.path) == ["/hook"])
        }
    }

    @Test("a refused private address is an attempt with an error, and nothing is sent")
    func refusedAddressIsRecorded() async throws {
        try await scenario([.text("ok")], allowLoopback: false) { store, server, clock, dispatcher in
            try await Fixtures.finish(store, "e1", url: server.url("/hook"))
            #expect(try await dispatcher.deliverDue() == 1)
            let (entry, attempts) = try await Fixtures.state(store, "e1")
            #expect(entry.abandonedAt != nil)
            #expect(attempts.count == 1 && attempts.first?.statusCode == nil)
            #expect(attempts.first?.error?.contains("loopback addresses are blocked") == true, "\(attempts)")
            #expect(entry.lastError == attempts.first?.error)
            #expect(server.requests.isEmpty)
        }
    }

    @Test("a connection refused is a network error and retried")
    func networkErrorsAreRetried() async throws {
        try await scenario([.text("ok")]) { store, server, clock, _ in
            // The client keeps trying to connect until the attempt's deadline; a short one keeps the test short.
            let dispatcher = try Fixtures.dispatcher(store, clock: clock, timeout: .milliseconds(300))
            // A port nothing listens on: bind a server, note its port, close it.
            let closedPort = try await LoopbackHTTPServer.with { $0.port }
            try await Fixtures.finish(store, "e1", url: "http://127.0.0.1:\(closedPort)/hook")
            _ = try await dispatcher.deliverDue()
            let (entry, attempts) = try await Fixtures.state(store, "e1")
            #expect(entry.abandonedAt == nil && entry.deliveredAt == nil)
            #expect(entry.nextAttemptAt > Fixtures.start)
            #expect(attempts.first?.statusCode == nil && attempts.first?.error != nil)
        }
    }

    @Test("a receiver failing for three days is abandoned at the end of the window, never later")
    func givesUpAfterThreeDays() async throws {
        try await scenario([.text("down", status: 503)]) { store, server, clock, dispatcher in
            try await Fixtures.finish(store, "e1", url: server.url("/hook"))
            let deadline = Fixtures.start.addingTimeInterval(3 * 86400)
            var rounds = 0
            while try await Fixtures.state(store, "e1").0.abandonedAt == nil {
                rounds += 1
                try #require(rounds < 200)
                #expect(try await dispatcher.deliverDue() == 1)
                let entry = try await Fixtures.state(store, "e1").0
                if entry.abandonedAt == nil { clock.advance(to: Fixtures.millis(entry.nextAttemptAt)) }
            }
            let (entry, attempts) = try await Fixtures.state(store, "e1")
            #expect(entry.abandonedAt == deadline)
            #expect(attempts.last?.at == deadline)
            #expect(attempts.last?.error?.contains("gave up: not delivered within 3 days") == true)
            #expect(attempts.allSatisfy { $0.at <= deadline && $0.statusCode == 503 })
            let gaps = zip(attempts.dropFirst(), attempts).map { $0.at.timeIntervalSince($1.at) }
            #expect(gaps.dropLast().allSatisfy { $0 <= 3600 })
            #expect(gaps.dropLast() == gaps.dropLast().sorted())
            #expect(server.requests.count == attempts.count)
        }
    }
}
