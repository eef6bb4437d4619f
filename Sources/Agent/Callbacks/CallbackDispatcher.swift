import Actions
import Foundation
import Logging
import NIOCore
import Scheduler
import ServiceLifecycle
import Store
import Synchronization
import Workflow

/// Delivers the callback outbox: every due row is posted (`CallbackSender`), the attempt recorded with what follows
/// it (`CallbackRetryPolicy`), at most `settings.concurrency` at a time.
///
/// It sleeps until the earliest `next_attempt_at` (or `settings.idlePoll`) unless `wakeup` says an execution with a
/// callback finished or a redelivery was asked for, so a finished execution's callback goes out at once. On start it
/// delivers whatever is due, which includes what the last run left undelivered. On graceful shutdown it takes no
/// more rows and lets the deliveries in flight finish; cancelled ones are not recorded and stay due.
public struct CallbackDispatcher: Service {
    public var store: any Store
    public var wakeup: CallbackWakeup
    public var policy: OutboundPolicy
    public var signer: WebhookSigner?
    public var settings: CallbackSettings
    public var clock: any WallClock
    public var logger: Logger
    /// A random number in `0..<1` for each backoff's jitter.
    public var random: @Sendable () -> Double
    /// Where each recorded attempt is counted by outcome (`/metrics`), if anywhere.
    public var metrics: AgentMetrics?

    public init(
        store: any Store, wakeup: CallbackWakeup, policy: OutboundPolicy, signer: WebhookSigner?,
        settings: CallbackSettings = CallbackSettings(), clock: any WallClock = SystemWallClock(), logger: Logger,
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }, metrics: AgentMetrics? = nil
    ) {
        self.store = store
        self.wakeup = wakeup
        self.policy = policy
        self.signer = signer
        self.settings = settings
        self.clock = clock
        self.logger = logger
        self.random = random
        self.metrics = metrics
    }

    var now: Date { Date(timeIntervalSince1970: Double(clock.nowMillis) / 1000) }

    public func run() async throws {
        let flight = CallbackInFlight(receivers: CallbackReceivers(settings: settings.perReceiver))
        try await withClients { clients in
            let sender = sender(clients)
            await withGracefulShutdownHandler {
                await withDiscardingTaskGroup { group in
                    var loop = CallbackDispatchLoop(dispatcher: self, flight: flight)
                    while !flight.isStopping, !Task.isCancelled {
                        let batch = await loop.next()
                        if flight.isStopping {
                            for entry in batch { flight.abandon(entry, nowMillis: clock.nowMillis) }
                            break
                        }
                        for entry in batch {
                            group.addTask {
                                await deliver(entry, with: sender, flight: flight)
                                flight.end(entry.id)
                                wakeup.wakeForSlot()
                            }
                        }
                    }
                }
            } onGracefulShutdown: {
                flight.stop()
                wakeup.wake()
                logger.debug(
                    "callback dispatcher stopping; deliveries in flight may finish",
                    metadata: ["callbacks.in_flight": "\(flight.count)"])
            }
        }
        logger.debug("callback dispatcher stopped")
    }

    /// Makes one attempt at every callback due now, `settings.concurrency` at a time, and returns how many attempts
    /// were made. The service does this continuously (and holds receivers to their limits and back-offs, which this
    /// does not); tests call it to step through a retry schedule.
    public func deliverDue() async throws -> Int {
        try await withClients { clients in
            let sender = sender(clients)
            let due = try await store.dueCallbacks(now: now, limit: Int.max)
            await withTaskGroup(of: Void.self) { group in
                for (index, entry) in due.enumerated() {
                    if index >= settings.concurrency { await group.next() }
                    group.addTask { await deliver(entry, with: sender, flight: nil) }
                }
            }
            return due.count
        }
    }

    /// Pooled clients keeping a receiver's concurrency of connections to it, with the connect timeout.
    private func withClients<T>(_ body: (PinnedHTTPClients) async throws -> T) async throws -> T {
        let connect = CallbackReceivers.millis(settings.connectTimeout)
        return try await PinnedHTTPClients.with(
            connectionsPerHost: settings.perReceiver.concurrency, connectTimeout: .milliseconds(connect), body)
    }

    private func sender(_ clients: PinnedHTTPClients) -> CallbackSender {
        CallbackSender(policy: policy, clients: clients, signer: signer, timeout: settings.timeout)
    }

    /// One attempt at `entry`, recorded with what follows it. An attempt cut short by cancellation is not recorded.
    /// With `flight`, the receiver's slot is given back as soon as it has answered (before the attempt is recorded,
    /// so the store's group commit does not hold receivers back), and what its answer says about it is acted on.
    func deliver(_ entry: CallbackEntry, with sender: CallbackSender, flight: CallbackInFlight?) async {
        let started = ContinuousClock.now
        let at = now
        // A URL naming stored secrets (`https://{{ Secrets.hookUser }}@…`) is rendered for this attempt only; the
        // outbox keeps the template, and a secret missing now is retried like a network error (until it is set or
        // the retry window ends) without counting against the receiver, which was never asked.
        var target = entry
        var hidden = CredentialRedaction.urlCredentials(entry.url)
        var sent: CallbackSender.Sent
        do {
            let rendered = try await RunSecrets.renderURL(entry.url, store: store)
            target.url = rendered.url
            hidden += rendered.values + CredentialRedaction.urlCredentials(rendered.url)
            guard let answer = try? await sender.send(target, at: at) else {
                flight?.abandon(entry, nowMillis: clock.nowMillis)
                return
            }
            sent = answer
        } catch {
            sent = CallbackSender.Sent(result: .failed(code: "secret.missing"), error: "\(error)")
        }
        let scrub = SecretRedactor(values: hidden)
        sent.error = sent.error.map { scrub.redact($0) }
        if let flight {
            let nowMillis = clock.nowMillis
            let health =
                sent.result == .failed(code: "secret.missing")
                ? .notSent : CallbackReceivers.health(of: sent.result, error: sent.error, nowMillis: nowMillis)
            if let transition = flight.responded(entry.receiver, health, nowMillis: nowMillis) {
                await report(transition, backingOff: flight.backingOffCount)
            }
            wakeup.wakeForSlot()
        }
        let duration = ContinuousClock.now - started
        let number = entry.attempts + 1
        let (outcome, note) = settings.retry.outcome(
            of: sent.result, attempt: number, createdAt: entry.createdAt, now: now, jitter: random())
        let error = [sent.error, note].compactMap { $0 }.joined(separator: "; ")
        let attempt = DeliveryAttempt(
            number: number, at: at, statusCode: sent.statusCode, error: error.isEmpty ? nil : error, duration: duration)
        var logger = logger
        logger[metadataKey: "execution.id"] = "\(entry.executionID)"
        logger[metadataKey: "callback.id"] = "\(entry.id)"
        logger[metadataKey: "callback.attempt"] = "\(number)"
        do {
            try await store.recordDelivery(callbackID: entry.id, attempt: attempt, outcome: outcome)
        } catch {
            logger.error("could not record a callback attempt", metadata: ["error": "\(error)"])
            return
        }
        metrics?.callbackAttempted(outcome)
        // A retry is a row due again later: the loop's last read that found nothing no longer covers the outbox.
        if case .retry = outcome { wakeup.wake() }
        switch outcome {
        case .delivered:
            logger.debug("callback delivered", metadata: ["http.status": "\(sent.statusCode ?? 0)"])
        case .retry(let next):
            logger.info(
                "callback attempt failed; will retry",
                metadata: ["error": "\(error)", "callback.next_attempt_at": "\(JSONResponse.timestamp(next))"])
        case .abandoned:
            logger.warning("callback abandoned", metadata: ["error": "\(error)"])
        }
    }
}
