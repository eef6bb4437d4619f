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
        if let pendingCallbacks {
            family(
                "sundial_callbacks_pending", "gauge",
                "Callbacks in the outbox neither delivered nor abandoned: due now, or waiting for a retry.",
                [("", "\(pendingCallbacks)")])
        }
        return lines.joined(separator: "\n") + "\n"
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
