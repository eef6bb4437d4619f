import SundialTesting
import Testing
import Workflow

@testable import Actions

@Suite("com.datadoghq.http.request")
struct HTTPRequestActionTests {
    /// Reaches the loopback test server only because 127.0.0.1 is allow-listed.
    static func action() throws -> HTTPRequestAction {
        HTTPRequestAction(policy: try OutboundPolicy(allowing: ["127.0.0.1/32"]))
    }

    @Test func getsAndParsesJSON() async throws {
        try await LoopbackHTTPServer.withTestRoutes { server in
            let result = try await ActionTesting.run(try Self.action(), ["url": .string(server.baseURL + "/json")])
            #expect(result.output["status"] == 200)
            #expect(result.output["body"] == ["ok": true, "items": [1, 2]])
            #expect(result.output["headers"]?["content-type"] == "application/json; charset=utf-8")
            #expect(result.output["truncated"] == false)
        }
    }

    @Test func sendsMethodHeadersAndJSONBody() async throws {
        try await LoopbackHTTPServer.withTestRoutes { server in
            let result = try await ActionTesting.run(
                try Self.action(),
                [
                    "url": .string(server.baseURL + "/echo"), "method": "post", "headers": ["X-Trace": "abc"],
                    "body": ["host": "db1"],
                ])
            let echoed = try #require(result.output["body"])
            #expect(echoed["method"] == "POST")
            #expect(echoed["body"] == #"{"host":"db1"}"#)
            #expect(echoed["headers"]?["x-trace"] == "abc")
            #expect(echoed["headers"]?["content-type"] == "application/json")
            #expect(echoed["headers"]?["host"] == .string("127.0.0.1:\(server.port)"))
        }
    }

    @Test func nonSuccessStatusFailsUnlessAllowed() async throws {
        try await LoopbackHTTPServer.withTestRoutes { server in
            let url = JSONValue.string(server.baseURL + "/status/503")
            let failure = await ActionTesting.failure(try Self.action(), ["url": url])
            #expect(failure?.code == "http.status")
            #expect(failure?.message.contains("answered 503") == true)
            #expect(failure?.output?["status"] == 503)
            let allowed = try await ActionTesting.run(try Self.action(), ["url": url, "allowedStatusCodes": [503]])
            #expect(allowed.output["body"] == "status 503")
            let lenient = try await ActionTesting.run(try Self.action(), ["url": url, "failOnError": false])
            #expect(lenient.output["status"] == 503)
            let strict = await ActionTesting.failure(
                try Self.action(), ["url": .string(server.baseURL + "/json"), "allowedStatusCodes": [201]])
            #expect(strict?.code == "http.status")
        }
    }

    @Test func responseBodyIsCapped() async throws {
        try await LoopbackHTTPServer.withTestRoutes { server in
            let result = try await ActionTesting.run(
                try Self.action(), ["url": .string(server.baseURL + "/big"), "maxResponseBytes": 16])
            #expect(result.output["body"] == "xxxxxxxxxxxxxxxx")
            #expect(result.output["truncated"] == true)
        }
    }

    @Test func followsRedirectsAndReportsTheFinalURL() async throws {
        try await LoopbackHTTPServer.withTestRoutes { server in
            let target = server.baseURL + "/json"
            let result = try await ActionTesting.run(
                try Self.action(), ["url": .string(server.redirect(to: target, status: 307))])
            #expect(result.output["url"] == .string(target))
            #expect(result.output["body"]?["ok"] == true)
            let unfollowed = try await ActionTesting.run(
                try Self.action(),
                [
                    "url": .string(server.redirect(to: "/json")), "followRedirects": false,
                    "allowedStatusCodes": [302],
                ])
            #expect(unfollowed.output["headers"]?["location"] == "/json")
        }
    }

    @Test func redirectLoopsStopAfterFive() async throws {
        try await LoopbackHTTPServer.withTestRoutes { server in
            let failure = await ActionTesting.failure(
                try Self.action(), ["url": .string(server.redirect(to: "/redirect"))])
            #expect(failure?.code == "http.redirects")
            #expect(server.requestPaths.count == 6)
        }
    }

    @Test(arguments: ["http://10.0.0.7/", "http://169.254.169.254/latest/meta-data/", "http://[::1]/"])
    func redirectToAPrivateAddressIsRefused(target: String) async throws {
        try await LoopbackHTTPServer.withTestRoutes { server in
            let failure = await ActionTesting.failure(
                try Self.action(), ["url": .string(server.redirect(to: target))])
            #expect(failure?.code == "http.blocked")
            #expect(server.requestPaths.count == 1)
        }
    }

    /// `pinned.invalid` exists only in the action's lookup, so the request can succeed only if the connection goes
    /// to the address that lookup returned and was vetted, with no second resolution.
    @Test func connectionGoesToTheVettedAddress() async throws {
        try await LoopbackHTTPServer.withTestRoutes { server in
            let loopback = try #require(IPAddress("127.0.0.1"))
            let action = HTTPRequestAction(policy: try OutboundPolicy(allowing: ["127.0.0.1/32"])) { host in
                host == "pinned.invalid" ? [loopback] : []
            }
            let result = try await ActionTesting.run(
                action, ["url": .string("http://pinned.invalid:\(server.port)/echo")])
            #expect(result.output["body"]?["headers"]?["host"] == .string("pinned.invalid:\(server.port)"))
            let refused = await ActionTesting.failure(
                HTTPRequestAction(policy: OutboundPolicy()) { _ in [loopback] },
                ["url": .string("http://pinned.invalid:\(server.port)/echo")])
            #expect(refused?.code == "http.blocked")
            #expect(server.requestPaths == ["/echo"])
        }
    }

    @Test func unresolvableHostIsADNSFailure() async {
        let failure = await ActionTesting.failure(HTTPRequestAction(), ["url": "http://no-such-host.invalid/"])
        #expect(failure?.code == "http.dns")
        #expect(failure?.message.contains("cannot resolve host 'no-such-host.invalid'") == true)
    }

    @Test func loopbackIsRefusedWithoutTheAllowList() async throws {
        try await LoopbackHTTPServer.withTestRoutes { server in
            let failure = await ActionTesting.failure(HTTPRequestAction(), ["url": .string(server.baseURL + "/json")])
            #expect(failure?.code == "http.blocked")
            #expect(failure?.message.contains("loopback addresses are blocked") == true)
            #expect(server.requestPaths.isEmpty)
        }
    }

    @Test(arguments: [
        "http://127.0.0.1/", "http://[::1]/", "http://10.1.2.3/", "http://172.16.5.4/", "http://192.168.0.10/",
        "http://169.254.169.254/latest/meta-data/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:169.254.169.254]/",
        "http://2130706433/", "http://0x7f.1/", "http://0177.0.0.1/", "http://localhost/", "http://0.0.0.0/",
        "http://[fd00:ec2::254]/", "https://127.0.0.1/", "http://100.64.1.1/",
    ])
    func specialPurposeDestinationsAreRefused(url: String) async {
        let failure = await ActionTesting.failure(HTTPRequestAction(), ["url": .string(url)])
        #expect(failure?.code == "http.blocked", "\(failure?.message ?? "")")
    }

    static let invalid: [([String: JSONValue], String)] = [
        (["url": "ftp://example.com/x"], "parameter 'url' must be an absolute"),
        (["url": "not a url"], "parameter 'url' must be an absolute"),
        (["url": "http://example.com", "method": "GET /"], "parameter 'method' must be an HTTP method"),
        (["url": "http://example.com", "headers": ["X-A": "1\r\nInjected: yes"]], "parameter 'headers' must be"),
        (["url": "http://example.com", "allowedStatusCodes": [99]], "parameter 'allowedStatusCodes' must be"),
        (["url": "http://example.com", "timeout": "-1s"], "parameter 'timeout' must be"),
    ]

    @Test(arguments: invalid)
    func invalidParametersAreNamed(parameters: [String: JSONValue], message: String) async {
        let failure = await ActionTesting.failure(HTTPRequestAction(), parameters)
        #expect(failure?.code == "parameter.invalid")
        #expect(failure?.message.contains(message) == true, "\(failure?.message ?? "")")
    }
}
