import Testing

@testable import Workflow

@Suite("Run inputs against inputSchema")
struct InputSchemaTests {
    let schema = InputSchema(parameters: [
        InputParameter(name: "host", type: .string),
        InputParameter(name: "env", type: .string, allowedValues: ["prod", "staging"], defaultValue: "staging"),
        InputParameter(name: "count", type: .number, defaultValue: 1),
        InputParameter(name: "ids", type: .arrayNumber, allowedValues: [1, 2, 3]),
        InputParameter(name: "free", type: .string, allowedValues: ["a"], allowExtraValues: true, defaultValue: "z"),
    ])

    @Test("defaults are applied and extra members pass through")
    func defaultsApplied() throws {
        let resolved = try schema.resolve(["host": "db1", "ids": [1, 3.0], "other": true])
        #expect(
            resolved == ["host": "db1", "env": "staging", "count": 1, "ids": [1, 3.0], "free": "z", "other": true])
    }

    @Test("every mismatch is reported at once, at the input's pointer")
    func mismatches() throws {
        let error = try #require(throws: ValidationError.self) {
            try schema.resolve(["env": "qa", "count": "many", "ids": [4]])
        }
        #expect(
            error.issues.map { "\($0.code) \($0.pointer)" } == [
                "input.missing /host", "input.notAllowed /env", "input.type /count", "input.notAllowed /ids",
            ])
        #expect(error.issues[1].message.contains("allowed: prod, staging"))
        #expect(error.issues[2].message.contains("must be a number, found string"))
    }

    @Test("a payload that is not an object is refused; null means no inputs")
    func payloadShape() throws {
        #expect(throws: ValidationError.self) { try schema.resolve(["a"]) }
        let empty = InputSchema(parameters: [InputParameter(name: "x", type: .boolean, defaultValue: false)])
        #expect(try empty.resolve(.null) == ["x": false])
    }
}
