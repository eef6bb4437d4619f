/// Where an execution is in its life (Datadog instance statuses, as OpenMetadata names them).
public enum ExecutionStatus: String, Hashable, Sendable, Codable, CaseIterable {
    case pending = "Pending"
    case running = "Running"
    case successful = "Successful"
    case failed = "Failed"
    case cancelled = "Cancelled"
    case timedOut = "TimedOut"

    /// Whether the execution has ended.
    public var isTerminal: Bool {
        switch self {
        case .pending, .running: false
        case .successful, .failed, .cancelled, .timedOut: true
        }
    }
}

/// Where one step is.
public enum StepStatus: String, Hashable, Sendable, Codable, CaseIterable {
    /// Not started (yet).
    case pending = "Pending"
    case running = "Running"
    case successful = "Successful"
    /// Failed after its retries (its fallback, if any, ran instead).
    case failed = "Failed"
    /// Stopped because the execution was cancelled, timed out, or failed elsewhere.
    case stopped = "Stopped"
    /// Its last attempt exceeded the step timeout.
    case timedOut = "TimedOut"
    /// Never ran: no edge that leads to it was taken.
    case skipped = "Skipped"
}

/// Counts of steps by status (AWS Glue's run statistics).
public struct ExecutionStatistics: Hashable, Sendable, Codable {
    public var total: Int
    public var succeeded: Int
    public var failed: Int
    public var stopped: Int
    public var timedOut: Int
    public var running: Int
    public var skipped: Int
    public var pending: Int

    public init(steps: [StepRun]) {
        func count(_ status: StepStatus) -> Int { steps.count { $0.status == status } }
        total = steps.count
        succeeded = count(.successful)
        failed = count(.failed)
        stopped = count(.stopped)
        timedOut = count(.timedOut)
        running = count(.running)
        skipped = count(.skipped)
        pending = count(.pending)
    }
}
