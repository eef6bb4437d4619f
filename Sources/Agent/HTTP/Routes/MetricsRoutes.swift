import Foundation
import HTTPTypes
import Hummingbird
import Workflow

/// *Extension* `GET /metrics`: Prometheus text exposition of what the agent counts since it started.
///
/// Executions started and finished by status, the queue depth, executions running, and API responses by status
/// code. Fire lateness and callback deliveries come with the trigger driver and the callback dispatcher.
public struct MetricsRoutes: Sendable {
    public var runtime: AgentRuntime

    public init(runtime: AgentRuntime) {
        self.runtime = runtime
    }

    public func register(on router: Router<some RequestContext>) {
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: exposition())))
        }
    }

    /// The metrics in the Prometheus text format.
    public func exposition() -> String {
        var lines: [String] = []
        func family(_ name: String, _ type: String, _ help: String, _ samples: [(String, Int)]) {
            lines.append("# HELP \(name) \(help)")
            lines.append("# TYPE \(name) \(type)")
            for (labels, value) in samples { lines.append("\(name)\(labels) \(value)") }
        }
        let metrics = runtime.metrics
        family(
            "sundial_executions_started_total", "counter", "Executions a worker began running.",
            [("", metrics.started)])
        let finished = metrics.finished
        family(
            "sundial_executions_finished_total", "counter", "Executions that reached a terminal status.",
            ExecutionStatus.allCases.filter(\.isTerminal).map {
                ("{status=\"\($0.rawValue)\"}", finished[$0, default: 0])
            })
        family(
            "sundial_queue_depth", "gauge", "Executions waiting for a worker.",
            [("", runtime.dispatcher.depth)])
        family(
            "sundial_executions_running", "gauge", "Executions a worker is running.",
            [("", runtime.dispatcher.runningCount)])
        family(
            "sundial_http_responses_total", "counter", "API responses by status code.",
            metrics.responses.sorted { $0.key < $1.key }.map { ("{code=\"\($0.key)\"}", $0.value) })
        return lines.joined(separator: "\n") + "\n"
    }
}
