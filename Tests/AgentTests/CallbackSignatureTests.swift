import Agent
import Foundation
import Store
import Testing

@testable import Agent

@Suite("Callback signatures and headers")
struct CallbackSignatureTests {
    /// The Standard Webhooks reference vector (the specification's libraries test with it).
    @Test func standardWebhooksReferenceVector() throws {
        let signer = try WebhookSigner(secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        let signature = signer.signature(
            id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: #"{"test": 2432232314}"#.utf8)
        #expect(signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        let unprefixed = try WebhookSigner(secret: "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        #expect(
            unprefixed.signature(
                id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: #"{"test": 2432232314}"#.utf8)
                == signature)
        // Any change to the signed content changes the signature.
        #expect(
            signer.signature(
                id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_331, body: #"{"test": 2432232314}"#.utf8)
                != signature)
    }

    @Test func headersOfAnAttempt() throws {
        let entry = CallbackEntry(
            id: 7, executionID: "p5jXN8AQM9LWM0D4loKWxJek", url: "https://hooks.example/done",
            payload: #"{"test": 2432232314}"#, createdAt: Date(), nextAttemptAt: Date())
        let signer = try WebhookSigner(secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        let headers = Dictionary(
            CallbackSender.headers(for: entry, timestamp: 1_614_265_330, signer: signer).map { ($0.name, $0.value) },
            uniquingKeysWith: { first, _ in first })
        #expect(headers["webhook-id"] == "msg_p5jXN8AQM9LWM0D4loKWxJek")
        #expect(headers["webhook-timestamp"] == "1614265330")
        #expect(headers["webhook-signature"] == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        #expect(headers["content-type"] == "application/json")
        let unsigned = CallbackSender.headers(for: entry, timestamp: 1_614_265_330, signer: nil)
        #expect(!unsigned.contains { $0.name == "webhook-signature" })
        #expect(unsigned.contains { $0.name == "webhook-id" && $0.value == "msg_p5jXN8AQM9LWM0D4loKWxJek" })
    }

    @Test(arguments: ["", "whsec_", "whsec_not base64!", "whsec_AAAA", "whsec_" + String(repeating: "A", count: 88)])
    func unusableSecretsAreRefusedWithoutBeingQuoted(secret: String) {
        do {
            _ = try WebhookSigner(secret: secret)
            Issue.record("accepted \(secret)")
        } catch {
            #expect(error.message.contains("'whsec_' followed by the base64 of 24 to 64 random bytes"))
            if secret.count > 6 { #expect(!error.message.contains(secret)) }
        }
    }

    @Test func newSecretsAreUsableAndDistinct() throws {
        let first = try WebhookSigner.newSecret()
        let second = try WebhookSigner.newSecret()
        #expect(first.hasPrefix("whsec_") && first != second)
        _ = try WebhookSigner(secret: first)
    }

    @Test func theSigningKeyFileIsCreatedOwnerOnlyAndReadBack() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sundial-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("callback.key").path
        let first = try CallbackSigningKey.load(at: path, create: true)
        #expect(first.created)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let secret = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let again = try CallbackSigningKey.load(at: path, create: true)
        #expect(!again.created)
        let body = Array("{}".utf8)
        #expect(
            again.signer.signature(id: "msg_1", timestamp: 1, body: body)
                == (try WebhookSigner(secret: secret)).signature(id: "msg_1", timestamp: 1, body: body))
        let missing = directory.appendingPathComponent("absent.key").path
        #expect(throws: ConfigurationError.self) { try CallbackSigningKey.load(at: missing, create: false) }
        #expect(!FileManager.default.fileExists(atPath: missing))
    }
}
