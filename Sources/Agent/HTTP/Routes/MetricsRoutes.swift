import Foundation
import HTTPTypes
import Hummingbird
import Store
import Workflow

/// *Extension* `GET /metrics`: Prometheus text exposition (format 0.0.4) of what the agent counts since it started.
///
/// Executions started and finished by status, the queue depth, executions running, API responses by status code;
/// `sundial_trigger_fire_lateness_seconds`, a histogram of the time from a schedule fire's due time to the commit of
/// its fires (on-time decisions only: those later than the trigger's misfire threshold, the catch-up after a
/// downtime, are counted in `sundial_trigger_catch_up_decisions_total` instead); and callback delivery attempts by
/// outcome (`delivered`, `retrying`, `abandoned`), and the callbacks waiting in the outbox (one count on the outbox's
/// index of undelivered rows; every other figure is kept in memory).
public struct MetricsRoutes: Sendable {
    public var runtime: AgentRuntime

    public init(runtime: AgentRuntime) {
        self.runtime = runtime
    }

    public func register(on router: Router<some RequestContext>) {
        router.get("/metrics") { _, _ in
            // A scrape while the database cannot answer still gets every in-memory figure.
            let pending = try? await runtime.store.pendingCallbackCount()
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: exposition(pendingCallbacks: pending))))
        }
    }

    /// The metrics in the Prometheus text format; `pendingCallbacks` is the outbox's count, left out when `nil`.
    public func exposition(pendingCallbacks: Int? = nil) -> String {
        var lines: [String] = []
        func family(_ name: String, _ type: String, _ help: String, _ samples: [(String, String)]) {
            lines.append("# HELP \(name) \(help)")
            lines.append("# TYPE \(name) \(type)")
            for (suffixAndLabels, value) in samples { lines.append("\(name)\(suffixAndLabels) \(value)") }
        }
        let metrics = runtime.metrics
        family(
            "sundial_executions_started_total", "counter", "Executions a worker began running.",
            [("", "\(metrics.started)")])
        let finished = metrics.finished
        family(
            "sundial_executions_finished_total", "counter", "Executions that reached a terminal status.",
            ExecutionStatus.allCases.filter(\.isTerminal).map {
                ("{status=\"\($0.rawValue)\"}", "\(finished[$0, default: 0])")
            })
        family(
            "sundial_queue_depth", "gauge", "Executions waiting for a worker.",
            [("", "\(runtime.dispatcher.depth)")])
        family(
            "sundial_executions_running", "gauge", "Executions a worker is running.",
            [("", "\(runtime.dispatcher.runningCount)")])
        family(
            "sundial_http_responses_total", "counter", "API responses by status code.",
            metrics.responses.sorted { $0.key < $1.key }.map { ("{code=\"\($0.key)\"}", "\($0.value)") })
        family(
            "sundial_trigger_fire_lateness_seconds", "histogram",
            "Seconds from a schedule trigger's due time (occurrence plus jitter) to the commit of its fires, to the "
                + "millisecond, one observation per decision. Decisions later than the trigger's misfire threshold "
                + "(catch-up after a downtime) are not observed here; see sundial_trigger_catch_up_decisions_total.",
            Self.histogramSamples(metrics.fireLateness))
        family(
            "sundial_trigger_catch_up_decisions_total", "counter",
            "Schedule decisions later than the trigger's misfire threshold, whose fires followed its catch-up policy "
                + "(after a downtime); they are left out of sundial_trigger_fire_lateness_seconds.",
            [("", "\(metrics.caughtUpDecisions)")])
        let attempts = metrics.callbackAttempts
        family(
            "sundial_callback_deliveries_total", "counter",
            "Callback delivery attempts recorded, by outcome: delivered (2xx), retrying (network error, 5xx, 408 or "
                + "429; tried again later), abandoned (410, another 4xx, a 3xx, a refused address, or the retry window "
                + "has passed).",
            AgentMetrics.CallbackOutcome.allCases.map {
                ("{outcome=\"\($0.rawValue)\"}", "\(attempts[$0, default: 0])")
            })
        family(
            "sundial_workflow_warnings_total", "counter",
            "Warnings workflows were written with (create or update; answered in meta.warnings), by code.",
            metrics.workflowWarnings.sorted { $0.key < $1.key }.map { ("{code=\"\($0.key)\"}", "\($0.value)") })
        family(
            "sundial_callback_receivers_backing_off", "gauge",
            "Callback receivers (scheme, host and port) backing off after consecutive failures or a 429, or being "
                + "probed one attempt at a time after their back-off; nothing else is sent to them meanwhile.",
            [("", "\(metrics.callbackReceiversBackingOff)")])
        let deferred = metrics.callbacksDeferred
        family(
            "sundial_callbacks_deferred_total", "counter",
            "Due callbacks held back for their receiver: receiver_limit (it had its limit of attempts in flight), "
                + "receiver_backoff (it was backing off; counted when held at once and when moved past the back-off).",
            AgentMetrics.CallbackDeferral.allCases.map {
                ("{reason=\"\($0.rawValue)\"}", "\(deferred[$0, default: 0])")
            })
        if let connections = metrics.connections { lines += Self.connectionFamilies(connections) }
        if let pendingCallbacks {
            family(
                "sundial_callbacks_pending", "gauge",
                "Callbacks in the outbox neither delivered nor abandoned: due now, or waiting for a retry.",
                [("", "\(pendingCallbacks)")])
        }
        let held = runtime.storeRetry.snapshot
        family(
            "sundial_store_writable", "gauge",
            "1 while the store's commits succeed, 0 while they fail (the disk is full, the file went read-only).",
            [("", runtime.store.writeFailure == nil ? "1" : "0")])
        family(
            "sundial_store_held_events", "gauge",
            "Execution events the store could not write, held in memory to be written again.",
            [("", "\(held.heldEvents)")])
        family(
            "sundial_store_write_retries_total", "counter", "Tries of held execution events since start.",
            [("", "\(held.retries)")])
        return lines.joined(separator: "\n") + "\n"
    }

    /// The HTTP server's connection gauges and counters.
    static func connectionFamilies(_ counts: ConnectionLimiter.Counts) -> [String] {
        [
            "# HELP sundial_http_connections_open HTTP connections open now.",
            "# TYPE sundial_http_connections_open gauge",
            "sundial_http_connections_open \(counts.open)",
            "# HELP sundial_http_connections_max The cap on open HTTP connections (limits.maxConnections).",
            "# TYPE sundial_http_connections_max gauge",
            "sundial_http_connections_max \(counts.max)",
            "# HELP sundial_http_connections_total HTTP connections by outcome: accepted, refused (503: every open "
                + "one busy at the cap), evicted (idle, closed at the cap for a new one).",
            "# TYPE sundial_http_connections_total counter",
            "sundial_http_connections_total{outcome=\"accepted\"} \(counts.accepted)",
            "sundial_http_connections_total{outcome=\"refused\"} \(counts.refused)",
            "sundial_http_connections_total{outcome=\"evicted\"} \(counts.evicted)",
            "# HELP sundial_http_connection_timeouts_total HTTP connections closed for a deadline: head (no request "
                + "head in time), body (a body stalled), idle (keep-alive idle).",
            "# TYPE sundial_http_connection_timeouts_total counter",
        ]
            + ["head", "body", "idle"].map { reason in
                let count = counts.timedOut[reason, default: 0]
                return "sundial_http_connection_timeouts_total{reason=\"\(reason)\"} \(count)"
            }
    }

    /// A histogram's `_bucket` samples (cumulative, `+Inf` last), `_sum` and `_count`.
    static func histogramSamples(_ histogram: LatenessHistogram) -> [(String, String)] {
        let cumulative = histogram.cumulativeCounts
        let bounds = LatenessHistogram.boundsMillis.map(seconds) + ["+Inf"]
        return zip(bounds, cumulative).map { ("_bucket{le=\"\($0)\"}", "\($1)") } + [
            ("_sum", seconds(histogram.sumMillis)), ("_count", "\(histogram.count)"),
        ]
    }

    /// Milliseconds as exact decimal seconds: 1 → `0.001`, 2500 → `2.5`, 10000 → `10`.
    static func seconds(_ millis: Int64) -> String {
        let whole = millis / 1000
        var fraction = millis % 1000
        guard fraction != 0 else { return "\(whole)" }
        var digits = 3
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        let padded = String(repeating: "0", count: digits - String(fraction).count) + String(fraction)
        return "\(whole).\(padded)"
    }
}
