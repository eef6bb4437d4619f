/// How the callback dispatcher works: how many deliveries at once, how long one may take, how it retries.
public struct CallbackSettings: Hashable, Sendable {
    /// Deliveries in flight at once (also the connections kept per receiver).
    public var concurrency: Int
    /// How long one attempt may take, from connecting to the end of the response.
    public var timeout: Duration
    /// When to try again and when to give up.
    public var retry: CallbackRetryPolicy
    /// How often the outbox is looked at when nothing is due and nothing wakes the dispatcher (callbacks queued by
    /// another process).
    public var idlePoll: Duration
    /// Due callbacks read from the store at a time.
    public var batchSize: Int

    public init(
        concurrency: Int = 32, timeout: Duration = .seconds(30), retry: CallbackRetryPolicy = CallbackRetryPolicy(),
        idlePoll: Duration = .seconds(60), batchSize: Int = 256
    ) {
        self.concurrency = max(1, concurrency)
        self.timeout = timeout
        self.retry = retry
        self.idlePoll = idlePoll
        self.batchSize = max(1, batchSize)
    }
}
