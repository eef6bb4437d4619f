import Testing
import Workflow

@testable import Actions

@Suite("Core actions")
struct CoreActionTests {
    @Test func noopSucceedsWithEmptyOutput() async throws {
        let result = try await ActionTesting.run(NoopAction(), ["ignored": 1])
        #expect(result == ActionResult(output: .object([:]), branch: "main"))
    }

    @Test(arguments: [
        (JSONValue.int(30), Duration.seconds(30)), (.double(0.5), .milliseconds(500)), (.string("30s"), .seconds(30)),
        (.string("1.5s"), .milliseconds(1500)), (.string("500ms"), .milliseconds(500)), (.string("2m"), .seconds(120)),
        (.string("1h"), .seconds(3600)), (.string(" 7 "), .seconds(7)), (.int(0), .zero),
    ])
    func sleepAcceptsDurations(value: JSONValue, expected: Duration) throws {
        #expect(try SleepAction.duration(from: ["duration": value]) == expected)
    }

    @Test(arguments: [
        JSONValue.int(-1), .string("-5s"), .string("soon"), .string("5 days"), .string("1e3"), .string("inf"),
        .bool(true), .array([1]), .double(.infinity), .int(8 * 24 * 3600),
    ])
    func sleepRejectsOtherValues(value: JSONValue) {
        #expect(throws: ActionFailure.self) { try SleepAction.duration(from: ["duration": value]) }
        do {
            _ = try SleepAction.duration(from: ["duration": value])
        } catch {
            #expect(error.code == "parameter.invalid")
            #expect(error.message.contains("parameter 'duration' must be"))
        }
    }

    @Test func sleepRequiresDuration() async {
        let failure = await ActionTesting.failure(SleepAction(), [:])
        #expect(failure?.code == "parameter.missing")
    }

    @Test func sleepOfZeroSucceeds() async throws {
        let result = try await ActionTesting.run(SleepAction(), ["duration": "0s"])
        #expect(result.output == ["sleptSeconds": 0.0])
    }

    @Test func sleepStopsWhenCancelled() async {
        let task = Task { try await ActionTesting.run(SleepAction(), ["duration": "1h"]) }
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
    }

    @Test func logWritesThroughTheContext() async throws {
        let recorder = LogRecorder()
        let result = try await ActionTesting.run(
            LogAction(), ["message": "disk at 91%", "level": "warning"], recorder: recorder)
        #expect(recorder.entries.map(\.0) == [.warning])
        #expect(recorder.entries.map(\.1) == ["disk at 91%"])
        #expect(result.output == ["level": "warning", "message": "disk at 91%"])
    }

    @Test func logDefaultsToInfoAndRejectsUnknownLevels() async throws {
        let recorder = LogRecorder()
        _ = try await ActionTesting.run(LogAction(), ["message": "hello"], recorder: recorder)
        #expect(recorder.entries.map(\.0) == [.info])
        let failure = await ActionTesting.failure(LogAction(), ["message": "x", "level": "loud"])
        #expect(failure?.message.contains("one of debug, info") == true)
        let missing = await ActionTesting.failure(LogAction(), ["level": "info"])
        #expect(missing?.code == "parameter.missing")
    }

    @Test func failThrowsTheGivenCodeAndMessage() async {
        let failure = await ActionTesting.failure(
            FailAction(), ["message": "backup missing", "code": "backup.missing"])
        #expect(failure == ActionFailure(code: "backup.missing", message: "backup missing"))
        let defaulted = await ActionTesting.failure(FailAction(), ["message": "stop"])
        #expect(defaulted?.code == FailAction.defaultCode)
    }

    @Test func transformOutputsItsValueAndBranch() async throws {
        let value: JSONValue = ["hosts": ["a", "b"], "count": 2]
        let result = try await ActionTesting.run(TransformAction(), ["value": value, "branch": "many"])
        #expect(result == ActionResult(output: value, branch: "many"))
        let null = try await ActionTesting.run(TransformAction(), ["value": .null])
        #expect(null.output == .null)
        let missing = await ActionTesting.failure(TransformAction(), [:])
        #expect(missing?.code == "parameter.missing")
    }
}
