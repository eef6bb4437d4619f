import Foundation
import Testing
import Workflow

@testable import Store

@Suite("Columns written without JSONEncoder read back the same")
struct StoreCodingTests {
    private func encoderText(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
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
    }

    @Test func aStoredObjectThatIsNotAnObjectIsReportedCorrupt() {
        let error = #expect(throws: StoreError.self) { _ = try StoreCoding.decode([String: JSONValue].self, "[1]") }
        #expect(error?.code == "store.corrupt")
    }
}
