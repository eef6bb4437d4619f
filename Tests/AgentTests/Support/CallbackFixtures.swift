import Actions
import Agent
import Foundation
import Logging
import ServiceLifecycle
import Store
import SundialTesting
import Synchronization
import Workflow

/// What the callback tests share: a store with finished executions in its outbox, a dispatcher on a manual clock,
/// and a gate that holds a receiver's responses back.
enum CallbackFixtures {
    /// A whole second, so webhook timestamps and stored millis compare exactly.
    static let start = Date(timeIntervalSince1970: 1_750_000_000)
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

    static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    /// Records `id` as finished at `finished` with a callback to `url`, which queues its outbox row.
    @discardableResult
    static func finish(_ store: any Store, _ id: String, url: String, at finished: Date = start) async throws
        -> CallbackEntry
    {
        var execution = Execution(
            id: id, workflowID: "wf", workflowName: "Callback test", status: .successful, input: ["host": "db-1"],
            callback: url, createdAt: finished.addingTimeInterval(-1))
        execution.startedAt = finished.addingTimeInterval(-1)
        execution.finishedAt = finished
        try await store.record(.executionFinished(execution))
        guard let entry = try await store.callbacks(executionID: id).first else {
            throw HarnessError("no outbox row for \(id)")
        }
        return entry
    }

    /// A dispatcher on `clock` that may reach the loopback receiver when `allowLoopback` is set, with a fixed jitter.
    /// Runs `dispatcher` in a service group while `body` runs, then shuts it down gracefully and waits for it
    /// (also when `body` throws).
    static func running(_ dispatcher: CallbackDispatcher, _ body: () async throws -> Void) async throws {
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(services: [dispatcher], logger: Logger(label: "test.group")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            do {
                try await body()
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    static func dispatcher(
        _ store: any Store, clock: ManualClock, allowLoopback: Bool = true, jitter: Double = 0.5,
        wakeup: CallbackWakeup = CallbackWakeup(), concurrency: Int = 4, timeout: Duration = .seconds(30),
        perReceiver: CallbackReceivers.Settings = CallbackReceivers.Settings()
    ) throws -> CallbackDispatcher {
        CallbackDispatcher(
            store: store, wakeup: wakeup,
            policy: try OutboundPolicy(allowing: allowLoopback ? ["127.0.0.1/32"] : []),
            signer: try WebhookSigner(secret: secret),
            settings: CallbackSettings(concurrency: concurrency, timeout: timeout, perReceiver: perReceiver),
            clock: clock, logger: Logger(label: "test.callbacks") { _ in SwiftLogNoOpLogHandler() }, random: { jitter })
    }

    /// The one callback of `id` and its attempts.
    static func state(_ store: any Store, _ id: String) async throws -> (CallbackEntry, [DeliveryAttempt]) {
        guard let entry = try await store.callbacks(executionID: id).first else {
            throw HarnessError("no outbox row for \(id)")
        }
        return (entry, try await store.deliveryAttempts(callbackID: entry.id))
    }
}

/// `body`'s result, or nil when it has not returned within `seconds` of real time (it is then cancelled): a guard
/// so a test of something that should happen fails instead of hanging when it does not.
func within<T: Sendable>(seconds: Double, _ body: @escaping @Sendable () async -> T) async -> T? {
    await withTaskGroup(of: T?.self) { group in
        group.addTask { await body() }
        group.addTask {
            try? await Task.sleep(for: .seconds(seconds))
            return nil
        }
        let first = await group.next() ?? nil
        group.cancelAll()
        return first
    }
}

/// Holds callers of `wait()` until `open()`; opened once, it lets everyone through.
final class Gate: Sendable {
    private struct State {
        var open = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let pass = state.withLock { state -> Bool in
                if state.open { return true }
                state.waiters.append(continuation)
                return false
            }
            if pass { continuation.resume() }
        }
    }

    func open() {
        let waiters = state.withLock { state in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}

/// Answers each request with the next response of a script, repeating the last one.
final class ScriptedResponses: Sendable {
    private let responses: Mutex<[LoopbackResponse]>

    init(_ responses: [LoopbackResponse]) {
        self.responses = Mutex(responses)
    }

    func next(_ request: LoopbackRequest) -> LoopbackResponse {
        responses.withLock { responses in
            responses.count > 1 ? responses.removeFirst() : responses.first ?? .text("ok")
        }
    }
}

/// A log handler that lets a test wait for a message, so it can act only once the code under test has logged it.
final class LogWaiter: Sendable {
    private struct State {
        var messages: [String] = []
        var waiters: [(message: String, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let state = Mutex(State())

    var logger: Logger {
        var logger = Logger(label: "test.wait") { _ in Handler(waiter: self) }
        logger.logLevel = .trace
        return logger
    }

    /// Returns once a line with exactly `message` has been logged.
    func wait(for message: String) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let seen = state.withLock { state -> Bool in
                if state.messages.contains(message) { return true }
                state.waiters.append((message, continuation))
                return false
            }
            if seen { continuation.resume() }
        }
    }

    fileprivate func record(_ message: String) {
        let ready = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.messages.append(message)
            let ready = state.waiters.filter { $0.message == message }.map(\.continuation)
            state.waiters.removeAll { $0.message == message }
            return ready
        }
        for waiter in ready { waiter.resume() }
    }

    private struct Handler: LogHandler {
        let waiter: LogWaiter
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) { waiter.record(event.message.description) }
    }
}
