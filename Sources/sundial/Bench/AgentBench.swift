import Agent
import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Store
import Synchronization
import Workflow

/// `sundial bench agent`: end-to-end throughput and latency of a one-step noop workflow started over the API, then
/// callbacks delivered per second (`CallbackBench`) and fire lateness of many schedule triggers in the trigger core
/// (`TriggerBench`).
///
/// Starts `sundial agent` (this binary) as a child on a fresh home and a free loopback port, creates the workflow,
/// then has `--clients` concurrent clients `POST …/instances` until `--executions` have been started, and waits
/// until all of them are `Successful`. Prints executions per second from the first request to the last success,
/// the p50/p99/max latency of the POSTs, and the agent's resident memory (current and peak).
struct AgentBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract: "Executions per second and POST latency over loopback; fire lateness of 100,000 schedule triggers.")

    @Option(help: "Executions to start.") var executions = 20_000
    @Option(help: "Concurrent API clients.") var clients = 32
    @Option(help: "The agent's workers.") var workers = 8
    @Option(help: "The agent's database durability: full or normal.") var synchronous = "full"
    @Option(help: "Callbacks delivered per round of the callback measurement (0 skips it).") var callbacks = 20_000
    @Option(help: "Rounds of the callback measurement.") var callbackRounds = 3
    @Option(help: "Callbacks delivered at once.") var callbackConcurrency = 32
    @Option(help: "Callbacks delivered at once to one receiver.") var callbackPerReceiver = 4
    @Option(help: "Executions per round of the callback fairness run (healthy, hang, 503, 429; 0 skips it).")
    var fairnessCallbacks = 2_000
    @Flag(help: "Measure only callback delivery.") var callbacksOnly = false
    @Option(help: "Schedule triggers armed for the fire-lateness run (0 skips it).") var triggers = 100_000
    @Option(help: "Seconds the fire-lateness run measures.") var triggerSeconds = 60
    @Option(help: "Minutes between two fires of one trigger in the fire-lateness run.") var triggerPeriod = 1
    @Flag(help: "Only the fire-lateness run.") var onlyTriggers = false

    func validate() throws {
        guard executions >= 1 else {
            throw ValidationError(
                "--executions must be at least 1; --callbacks-only or --only-triggers skip the execution measurement")
        }
        guard clients >= 1, workers >= 1 else { throw ValidationError("--clients and --workers must be at least 1") }
        guard callbacks >= 0, triggers >= 0, fairnessCallbacks >= 0, callbackRounds >= 1, callbackConcurrency >= 1,
            triggerSeconds >= 1, triggerPeriod >= 1
        else {
            throw ValidationError(
                "--callbacks, --fairness-callbacks and --triggers must be 0 or more; --callback-rounds, "
                    + "--callback-concurrency, --trigger-seconds and --trigger-period at least 1")
        }
        guard (1...callbackConcurrency).contains(callbackPerReceiver) else {
            throw ValidationError("--callback-per-receiver must be 1 to --callback-concurrency (\(callbackConcurrency))")
        }
    }

    func run() async throws {
        if !callbacksOnly && !onlyTriggers { try await measureExecutions() }
        if callbacks + fairnessCallbacks > 0 && !onlyTriggers {
            try await CallbackBench(
                callbacks: callbacks, rounds: callbackRounds, concurrency: callbackConcurrency,
                perReceiver: callbackPerReceiver, fairnessCallbacks: fairnessCallbacks, synchronous: synchronous
            ).run()
        }
        if triggers > 0 && !callbacksOnly {
            BenchSupport.say("fire lateness: \(BenchSupport.grouped(triggers)) schedule triggers in the trigger core")
            try await TriggerBench(
                triggers: triggers, durationSeconds: triggerSeconds, periodMinutes: triggerPeriod, workers: workers,
                synchronous: synchronous.lowercased() == "normal" ? .normal : .full
            ).run()
        }
    }

    /// Executions per second and POST latency through a child agent.
    func measureExecutions() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("sundial-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        let agent = try BenchAgentProcess(
            home: home.path,
            arguments: ["--workers", String(workers), "--synchronous", synchronous, "--log-level", "notice"])
        defer { agent.stop() }
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = clients * 2
        let http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        do {
            try await measure(agent: agent, http: http)
            try await http.shutdown()
        } catch {
            try? await http.shutdown()
            throw error
        }
    }

    func measure(agent: BenchAgentProcess, http: HTTPClient) async throws {
        let api = BenchAPI(http: http, base: agent.url, key: agent.key)
        let workflow = try await api.send(
            .POST, "/api/v2/workflows",
            #"{"data": {"type": "workflows", "attributes": {"name": "bench noop", "published": true, "#
                + #""spec": {"steps": [{"name": "Only", "actionId": "com.datadoghq.core.noop"}], "#
                + #""triggers": [{"apiTrigger": {}}]}}}}"#)
        guard let id = workflow.json["data"]?["id"]?.stringValue else { throw BenchFailure("create: \(workflow)") }
        BenchSupport.say("agent pid \(agent.pid) on \(agent.url); \(executions) executions, \(clients) clients")
        let started = BenchTicket(limit: executions)
        let cpuBefore = agent.cpuSeconds()
        let clock = ContinuousClock()
        let start = clock.now
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for _ in 0..<clients {
                group.addTask {
                    var mine: [Double] = []
                    while started.take() {
                        let before = clock.now
                        let reply = try await api.send(.POST, "/api/v2/workflows/\(id)/instances", "{}")
                        mine.append(BenchSupport.nanoseconds(clock.now - before) / 1e6)
                        guard reply.status == 200 else { throw BenchFailure("run: \(reply.status) \(reply.text)") }
                    }
                    return mine
                }
            }
            return try await group.reduce(into: [Double]()) { $0 += $1 }
        }
        let posted = clock.now - start
        var successful = 0
        while successful < executions {
            let failed = try await api.count(status: "Failed")
            guard failed == 0 else { throw BenchFailure("\(failed) executions failed") }
            successful = try await api.count(status: "Successful")
            if successful < executions { try await Task.sleep(for: .milliseconds(20)) }
        }
        let elapsed = clock.now - start
        let memory = agent.memory()
        let cpu = agent.cpuSeconds() - cpuBefore
        let sorted = latencies.sorted()
        let seconds = BenchSupport.nanoseconds(elapsed) / 1e9
        print("")
        print("| measure | value |")
        print("|---|---|")
        print("| executions Successful | \(BenchSupport.grouped(successful)) |")
        print("| end to end (first POST → last Successful) | \(BenchSupport.fixed(seconds, 2)) s |")
        print("| executions per second | \(BenchSupport.grouped(Int(Double(successful) / seconds))) |")
        print("| all POSTs answered after | \(BenchSupport.fixed(BenchSupport.nanoseconds(posted) / 1e9, 2)) s |")
        print("| POST …/instances p50 | \(BenchSupport.fixed(BenchSupport.percentile(sorted, 50), 2)) ms |")
        print("| POST …/instances p99 | \(BenchSupport.fixed(BenchSupport.percentile(sorted, 99), 2)) ms |")
        print("| POST …/instances max | \(BenchSupport.fixed(sorted.last ?? 0, 2)) ms |")
        print(
            "| agent CPU (user + system) per execution | \(Int(cpu / Double(successful) * 1e6)) µs "
                + "(\(BenchSupport.fixed(cpu / seconds, 2)) cores busy) |")
        print(
            "| agent resident memory at the end / peak | \(memory.current / 1_048_576) / \(memory.peak / 1_048_576) MiB |"
        )
        print("")
        print("(\(clients) clients, \(workers) workers, synchronous=\(synchronous.uppercased()), loopback)")
    }
}

/// Hands out at most `limit` tickets across tasks.
final class BenchTicket: Sendable {
    private let taken = Mutex(0)
    let limit: Int

    init(limit: Int) { self.limit = limit }

    /// `true` while tickets remain.
    func take() -> Bool {
        taken.withLock { count in
            guard count < limit else { return false }
            count += 1
            return true
        }
    }
}

/// A failed benchmark step.
struct BenchFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The few calls the benchmark makes, on its own connection pool.
struct BenchAPI: Sendable {
    let http: HTTPClient
    let base: String
    let key: String

    struct Reply: Sendable {
        var status: Int
        var text: String
        var json: JSONValue { (try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))) ?? .null }
    }

    func send(_ method: HTTPMethod, _ path: String, _ body: String? = nil) async throws -> Reply {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        request.headers.add(name: "DD-API-KEY", value: key)
        request.headers.add(name: "DD-APPLICATION-KEY", value: key)
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await http.execute(request, timeout: .seconds(60))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return Reply(status: Int(response.status.code), text: String(buffer: bytes))
    }

    /// How many executions have `status`.
    func count(status: String) async throws -> Int {
        let reply = try await send(.GET, "/api/v2/instances?filter%5Bstatus%5D=\(status)&page%5Bsize%5D=1")
        guard let total = reply.json["meta"]?["page"]?["totalCount"]?.intValue else {
            throw BenchFailure("count: \(reply.status) \(reply.text)")
        }
        return Int(total)
    }
}
