import Workflow

/// Runs one probe of a check. `LiveCheckProber` does real HTTP, TCP and process I/O; tests may script results.
public protocol CheckProbing: Sendable {
    /// Probes `check` once, within its timeout; a failure to probe is an unhealthy result, never an error.
    func probe(_ check: MonitorCheck) async -> CheckResult
}
