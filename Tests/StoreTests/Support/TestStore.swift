import Foundation
import Store
import Testing
import Workflow

/// The two databases every store test runs on.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case file
    case memory

    var testDescription: String { rawValue }
}

/// A fresh directory under the system temporary directory, removed by `remove()`.
struct TemporaryDirectory {
    let url: URL

    init() throws {
        url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("sundial-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// Runs `body` with a new store of the given kind, its writer running.
func withTestStore<R>(
    _ kind: StoreKind, options: SQLiteStore.Options = SQLiteStore.Options(), _ body: (SQLiteStore) async throws -> R
) async throws -> R {
    switch kind {
    case .memory:
        return try await SQLiteStore.withStore(.inMemory, options: options, body)
    case .file:
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        return try await SQLiteStore.withStore(.file(directory.path("sundial.db")), options: options, body)
    }
}

/// A time on a whole millisecond, `offset` seconds after a fixed instant.
func time(_ offset: Double) -> Date {
    Date(timeIntervalSince1970: 1_750_000_000 + offset)
}

func definition(_ name: String, steps: [String] = ["Only"]) -> WorkflowDefinition {
    WorkflowDefinition(
        name: name, published: true, tags: ["team:ops"], webhookSecret: "s3cret",
        spec: WorkflowSpec(steps: steps.map { Step(name: $0, actionId: "com.datadoghq.core.noop") }))
}

/// An execution of `workflowID` with three pending steps, created at `created`.
func pendingExecution(_ id: String, workflowID: String = "wf", created: Date = time(0), callback: String? = nil)
    -> Execution
{
    Execution(
        id: id, workflowID: workflowID, workflowName: "Workflow \(workflowID)", trigger: .api,
        input: ["host": "db-1", "retries": 2, "nested": ["a": [1, 2.5, nil]]], properties: ["team": "ops"],
        priority: 3, callback: callback,
        steps: ["A", "B", "C"].map { StepRun(name: $0, actionId: "com.datadoghq.core.noop") }, createdAt: created)
}

/// The same execution, run to success: every step with one attempt and output, outputs and statistics set.
func finishedExecution(_ pending: Execution, started: Date, finished: Date, status: ExecutionStatus = .successful)
    -> Execution
{
    var execution = pending
    execution.status = status
    execution.startedAt = started
    for index in execution.steps.indices {
        let attempt = StepAttempt(
            number: 1, outcome: .succeeded, startedAt: started, finishedAt: finished,
            input: ["host": .string("db-\(index)"), "token": "[secret]"], output: ["index": .int(Int64(index))], branch: "main")
        execution.steps[index].status = .successful
        execution.steps[index].attempts = [attempt]
        execution.steps[index].output = attempt.output
        execution.steps[index].branch = "main"
        execution.steps[index].startedAt = started
        execution.steps[index].finishedAt = finished
        execution.steps[index].logs = [
            ExecutionLogLine(
                time: started, level: .info, stepName: execution.steps[index].name, attempt: 1, message: "ran")
        ]
    }
    execution.outputs = ["result": "ok"]
    execution.statistics = ExecutionStatistics(steps: execution.steps)
    execution.finishedAt = finished
    execution.logs = [ExecutionLogLine(time: finished, level: .notice, message: "finished")]
    return execution
}
