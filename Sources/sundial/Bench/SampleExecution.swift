import Foundation
import Workflow

/// The execution the benchmark and the crash writer store: three steps of one attempt each, with a callback.
struct SampleExecution {
    let id: String
    let workflowID: String
    let start: Date

    init(sequence: Int, start: Date) {
        id = "exec-\(sequence)"
        workflowID = "wf-\(sequence % 8)"
        self.start = start
    }

    static let stepNames = ["Fetch", "Transform", "Notify"]

    /// Pending, as the API creates it.
    var created: Execution {
        Execution(
            id: id, workflowID: workflowID, workflowName: "Sample \(workflowID)", trigger: .api,
            input: ["host": "db-1", "count": 3], properties: ["team": "ops"], callback: "https://hooks.example/done",
            steps: Self.stepNames.map { StepRun(name: $0, actionId: "com.datadoghq.core.noop") }, createdAt: start)
    }

    var started: Execution {
        var execution = created
        execution.status = .running
        execution.startedAt = start
        return execution
    }

    /// The attempt of step `index`.
    func attempt(_ index: Int) -> StepAttempt {
        let begin = start.addingTimeInterval(Double(index) * 0.01)
        return StepAttempt(
            number: 1, outcome: .succeeded, startedAt: begin, finishedAt: begin.addingTimeInterval(0.005),
            output: ["step": .string(Self.stepNames[index]), "ok": true], branch: "main")
    }

    var finished: Execution {
        var execution = started
        for index in execution.steps.indices {
            let attempt = attempt(index)
            execution.steps[index].status = .successful
            execution.steps[index].attempts = [attempt]
            execution.steps[index].output = attempt.output
            execution.steps[index].branch = "main"
            execution.steps[index].startedAt = attempt.startedAt
            execution.steps[index].finishedAt = attempt.finishedAt
        }
        execution.status = .successful
        execution.outputs = ["result": "done"]
        execution.statistics = ExecutionStatistics(steps: execution.steps)
        execution.finishedAt = start.addingTimeInterval(0.05)
        return execution
    }
}
