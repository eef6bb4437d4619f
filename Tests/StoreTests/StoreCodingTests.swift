import Foundation
import Testing
import Workflow

@testable import Store

@Suite("Columns written without JSONEncoder read back the same")
struct StoreCodingTests {
    private func encoderText(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .millisecondsSince1970
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test func statisticsAreWrittenAsJSONEncoderWritesThem() throws {
        let statuses = StepStatus.allCases
        for count in 0..<20 {
            let steps = (0..<count).map { index in
                StepRun(name: "s\(index)", actionId: "t", status: statuses[(index * 7 + count) % statuses.count])
            }
            let statistics = ExecutionStatistics(steps: steps)
            #expect(StoreCoding.json(statistics) == (try encoderText(statistics)))
            #expect(try StoreCoding.decode(ExecutionStatistics.self, StoreCoding.json(statistics)) == statistics)
        }
    }

    @Test func valuesObjectsAndLogsRoundTrip() throws {
        let value: JSONValue = ["host": "db-1", "count": 3, "ratio": 0.25, "tags": ["a", "b"], "none": nil]
        #expect(try StoreCoding.json(value) == (try encoderText(value)))
        #expect(try StoreCoding.decode(JSONValue.self, StoreCoding.json(value)) == value)
        let members: [String: JSONValue] = ["team": "ops", "n": 1]
        #expect(try StoreCoding.decode([String: JSONValue].self, StoreCoding.json(members)) == members)
        #expect(try StoreCoding.json([String: JSONValue]()) == "{}")
        #expect(try StoreCoding.decode([String: JSONValue].self, "{}").isEmpty)
        let lines = [ExecutionLogLine(time: Date(timeIntervalSince1970: 1), level: .info, message: "hello")]
        #expect(try StoreCoding.decode([ExecutionLogLine].self, StoreCoding.json(lines)) == lines)
        #expect(try StoreCoding.json([ExecutionLogLine]()) == "[]")
        #expect(try StoreCoding.json(JSONValue?.none) == nil)
        #expect(try StoreCoding.json(lines) == (try encoderText(lines)))
        let error = StepError(code: "step.failed", message: "exit 1", stepName: "B", output: ["stderr": "boom"])
        #expect(try StoreCoding.json(error) == (try encoderText(error)))
        #expect(try StoreCoding.json(StepError?.none) == nil)
    }

    @Test func aStoredObjectThatIsNotAnObjectIsReportedCorrupt() throws {
        let error = #expect(throws: StoreError.self) { _ = try StoreCoding.decode([String: JSONValue].self, "[1]") }
        #expect(error?.code == "store.corrupt")
        #expect(try StoreCoding.decode([String].self, #"["a","b"]"#) == ["a", "b"])
        let names = #expect(throws: StoreError.self) { _ = try StoreCoding.decode([String].self, #"["a",1]"#) }
        #expect(names?.code == "store.corrupt")
    }
}

@Suite("An execution's JSON built directly is its Codable encoding")
struct ExecutionJSONTests {
    @Test func everyMemberMatchesJSONEncoderWithMillisecondDates() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .millisecondsSince1970
        let start = Date(timeIntervalSince1970: 1_700_000_000.123)
        let bare = Execution(
            id: "e-1", workflowID: "w", workflowName: "W", steps: [StepRun(name: "A", actionId: "t.ok")])
        var full = Execution(
            id: "e-2", workflowID: "w", workflowName: "Wörk \"flow\"", status: .failed, trigger: .schedule,
            input: ["host": "db-1", "n": 3, "ratio": 0.5], properties: ["team": "ops"], priority: 2,
            callback: "https://hooks.example/done", logLevel: .debug,
            steps: [StepRun(name: "A", actionId: "t.ok"), StepRun(name: "B", actionId: "t.fail")], createdAt: start)
        full.triggerData = ["alert": ["labels": ["severity": "page"]]]
        full.startedAt = start.addingTimeInterval(0.25)
        full.finishedAt = start.addingTimeInterval(1.5)
        full.outputs = ["result": nil]
        full.error = StepError(code: "step.failed", message: "exit 1", stepName: "B", output: ["stderr": "boom"])
        full.logs = [
            ExecutionLogLine(time: start, level: .info, message: "started"),
            ExecutionLogLine(time: start, level: .error, stepName: "B", attempt: 2, message: "exit 1\n"),
        ]
        full.steps[0].status = .successful
        full.steps[0].output = ["ok": true]
        full.steps[0].branch = "main"
        full.steps[0].startedAt = start
        full.steps[0].finishedAt = start.addingTimeInterval(0.1)
        full.steps[0].attempts = [
            StepAttempt(
                number: 1, outcome: .succeeded, startedAt: start, finishedAt: start.addingTimeInterval(0.1),
                input: ["token": "[secret]"], output: ["ok": true], branch: "main")
        ]
        full.steps[1].status = .failed
        full.steps[1].fallbackStepNames = ["C"]
        full.steps[1].error = full.error
        full.steps[1].logs = full.logs
        full.steps[1].attempts = [
            StepAttempt(
                number: 1, outcome: .failed, startedAt: start, finishedAt: start,
                error: StepError(code: "step.failed", message: "exit 1"))
        ]
        full.statistics = ExecutionStatistics(steps: full.steps)
        let rfc3339 = JSONEncoder()
        rfc3339.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        rfc3339.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamp.rfc3339(date))
        }
        for execution in [bare, full] {
            let expected = String(decoding: try encoder.encode(execution), as: UTF8.self)
            #expect(try ExecutionJSON.value(execution).jsonText() == expected)
            let shown = String(decoding: try rfc3339.encode(execution), as: UTF8.self)
            #expect(try ExecutionJSON.value(execution, dates: .rfc3339).jsonText() == shown)
            #expect(shown.contains(#""workflowId":"w""#))
        }
    }
}
