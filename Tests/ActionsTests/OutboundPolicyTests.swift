import Testing

@testable import Actions

@Suite("Outbound address policy")
struct OutboundPolicyTests {
    @Test(arguments: [
        ("127.0.0.1", "loopback"), ("127.255.0.9", "loopback"), ("::1", "loopback"), ("10.1.2.3", "private"),
        ("172.16.0.1", "private"), ("172.31.255.255", "private"), ("192.168.1.1", "private"),
        ("169.254.169.254", "cloud metadata"), ("169.254.1.1", "link-local"), ("fd00:ec2::254", "cloud metadata"),
        ("0.0.0.0", "unspecified"), ("::", "unspecified"), ("100.64.0.1", "carrier-grade NAT"),
        ("fc00::1", "private (unique local)"), ("fe80::1", "link-local"), ("224.0.0.1", "multicast"),
        ("::ffff:127.0.0.1", "loopback (IPv4 in IPv6)"), ("::ffff:10.0.0.1", "private (IPv4 in IPv6)"),
        ("::ffff:169.254.169.254", "cloud metadata (IPv4 in IPv6)"), ("::127.0.0.1", "loopback (IPv4 in IPv6)"),
        ("64:ff9b::7f00:1", "loopback (IPv4 in IPv6)"), ("2002:7f00:1::", "loopback (IPv4 in IPv6)"),
    ])
    func specialPurposeAddressesAreNamed(text: String, reason: String) throws {
        let address = try #require(IPAddress(text))
        #expect(address.specialPurpose == reason)
        #expect(OutboundPolicy().refusal(for: address) == reason)
    }

    @Test(arguments: ["93.184.215.14", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "::ffff:8.8.8.8"])
    func publicAddressesPass(text: String) throws {
        let address = try #require(IPAddress(text))
        #expect(address.specialPurpose == nil)
    }

    @Test func addressesPrintCanonically() throws {
        #expect(try #require(IPAddress("[::1]")).description == "::1")
        #expect(try #require(IPAddress("::ffff:127.0.0.1")).description == "::ffff:127.0.0.1")
        #expect(try #require(IPAddress("10.0.0.1")).uriHost == "10.0.0.1")
        #expect(try #require(IPAddress("fe80::1")).uriHost == "[fe80::1]")
        #expect(IPAddress("0x7f.1") == nil)
        #expect(IPAddress("example.com") == nil)
    }

    @Test func networksContainTheirAddresses() throws {
        let network = try #require(IPNetwork("172.16.0.0/12"))
        #expect(network.contains(try #require(IPAddress("172.20.1.1"))))
        #expect(!network.contains(try #require(IPAddress("172.32.0.1"))))
        #expect(!network.contains(try #require(IPAddress("::ffff:172.20.1.1"))))
        #expect(try #require(IPNetwork("::/0")).contains(try #require(IPAddress("::1"))))
        #expect(IPNetwork("10.0.0.0/33") == nil)
        #expect(IPNetwork("10.0.0.0/") == nil)
    }

    /// The C library reads these numeric forms with `inet_aton` rules; they must come back as loopback.
    @Test(arguments: ["2130706433", "0x7f.1", "0177.0.0.1", "127.1", "0x7f000001", "localhost"])
    func obfuscatedLoopbackFormsResolveToLoopback(host: String) throws {
        let addresses = try HostResolver.resolveBlocking(host)
        #expect(!addresses.isEmpty)
        for address in addresses { #expect(address.specialPurpose == "loopback") }
        #expect(throws: OutboundRefusal.self) { try OutboundPolicy().vet(host: host, addresses: addresses) }
    }

    @Test func allowListParsesNetworksAndHosts() throws {
        let policy = try OutboundPolicy(allowing: ["127.0.0.1/32", "::1", " Internal.Example "])
        #expect(policy.allowedNetworks.map(\.description) == ["127.0.0.1/32", "::1/128"])
        #expect(policy.allowedHosts == ["internal.example"])
        #expect(policy.refusal(for: try #require(IPAddress("127.0.0.1"))) == nil)
        #expect(policy.refusal(for: try #require(IPAddress("127.0.0.2"))) == "loopback")
        let private10 = try #require(IPAddress("10.0.0.5"))
        #expect(try policy.vet(host: "INTERNAL.example", addresses: [private10]) == private10)
        #expect(throws: OutboundPolicyError.self) { try OutboundPolicy(allowing: ["10.0.0.0/33"]) }
        #expect(throws: OutboundPolicyError.self) { try OutboundPolicy(allowing: ["http://x"]) }
    }

    @Test func everyResolvedAddressMustPass() throws {
        let mixed = [try #require(IPAddress("8.8.8.8")), try #require(IPAddress("10.0.0.1"))]
        do {
            _ = try OutboundPolicy().vet(host: "mixed.example", addresses: mixed)
            Issue.record("a name with a private address must be refused")
        } catch {
            #expect(error.address == mixed[1])
            #expect(
                error.description.contains("refusing to connect to 'mixed.example' (resolved to 10.0.0.1): private"))
        }
        #expect(throws: OutboundRefusal.self) { try OutboundPolicy().vet(host: "none.example", addresses: []) }
    }
}
