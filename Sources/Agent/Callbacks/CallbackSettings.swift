/// How the callback dispatcher works: how many deliveries at once, in all and per receiver, how long one may take,
/// how it retries.
public struct CallbackSettings: Hashable, Sendable {
    /// Deliveries in flight at once, across receivers (an attempt counts until it is recorded).
    public var concurrency: Int
    /// How long one attempt may take, from connecting to the end of the response.
    public var timeout: Duration
    /// How long connecting to a receiver may take (within `timeout`).
    public var connectTimeout: Duration
    /// Each receiver's concurrency (at most `concurrency`; also the connections kept to it) and back-off.
    public var perReceiver: CallbackReceivers.Settings
    /// When to try again and when to give up.
    public var retry: CallbackRetryPolicy
    /// How often the outbox is looked at when nothing is due and nothing wakes the dispatcher (callbacks queued by
    /// another process).
    public var idlePoll: Duration
    /// Due callbacks read from the store at a time.
    public var batchSize: Int

    public init(
        concurrency: Int = 32, timeout: Duration = .seconds(30), connectTimeout: Duration = .seconds(5),
        perReceiver: CallbackReceivers.Settings = CallbackReceivers.Settings(),
        retry: CallbackRetryPolicy = CallbackRetryPolicy(), idlePoll: Duration = .seconds(60), batchSize: Int = 256
    ) {
        self.concurrency = max(1, concurrency)
        self.timeout = timeout
        self.connectTimeout = min(max(.milliseconds(1), connectTimeout), timeout)
        self.perReceiver = perReceiver
        // A receiver never has more in flight than all receivers together may.
        self.perReceiver.concurrency = min(perReceiver.concurrency, self.concurrency)
        self.retry = retry
        self.idlePoll = idlePoll
        self.batchSize = max(1, batchSize)
    }
}
