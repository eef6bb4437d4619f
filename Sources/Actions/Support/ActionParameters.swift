import Workflow

/// Typed, validated access to a step's rendered parameters, with messages that name the parameter and what it accepts.
///
/// Every accessor throws `ActionFailure` with code `parameter.invalid` (or `parameter.missing`) so a user sees e.g.
/// "parameter 'command' must be a non-empty array of strings (the program and its arguments); got string".
struct ActionParameters: Sendable {
    let actionID: String
    let values: [String: JSONValue]

    init(_ values: [String: JSONValue], actionID: String) {
        self.values = values
        self.actionID = actionID
    }

    /// The value of `name`, treating an explicit JSON `null` as absent.
    subscript(name: String) -> JSONValue? {
        guard let value = values[name], value != .null else { return nil }
        return value
    }

    func invalid(_ name: String, _ expectation: String, got value: JSONValue) -> ActionFailure {
        ActionFailure(
            code: "parameter.invalid",
            message: "\(actionID): parameter '\(name)' must be \(expectation); got \(Self.describe(value))")
    }

    func missing(_ name: String, _ expectation: String) -> ActionFailure {
        ActionFailure(
            code: "parameter.missing", message: "\(actionID): parameter '\(name)' is required: \(expectation)")
    }

    func string(_ name: String, expecting expectation: String = "a string") throws(ActionFailure) -> String? {
        guard let value = self[name] else { return nil }
        guard let string = value.stringValue else { throw invalid(name, expectation, got: value) }
        return string
    }

    func requiredString(_ name: String, expecting expectation: String = "a string") throws(ActionFailure) -> String {
        guard let string = try string(name, expecting: expectation) else { throw missing(name, expectation) }
        return string
    }

    /// An integer within `range`; a JSON number with no fractional part counts as an integer.
    func integer(_ name: String, in range: ClosedRange<Int64>, expecting expectation: String) throws(ActionFailure)
        -> Int64?
    {
        guard let value = self[name] else { return nil }
        guard let integer = value.intValue, range.contains(integer) else {
            throw invalid(name, expectation, got: value)
        }
        return integer
    }

    func bool(_ name: String) throws(ActionFailure) -> Bool? {
        guard let value = self[name] else { return nil }
        guard let bool = value.boolValue else { throw invalid(name, "true or false", got: value) }
        return bool
    }

    func stringArray(_ name: String, expecting expectation: String) throws(ActionFailure) -> [String]? {
        guard let value = self[name] else { return nil }
        guard let elements = value.arrayValue else { throw invalid(name, expectation, got: value) }
        var strings: [String] = []
        for element in elements {
            guard let string = element.stringValue else { throw invalid(name, expectation, got: value) }
            strings.append(string)
        }
        return strings
    }

    /// An object whose members are all strings (environment variables, HTTP headers).
    func stringMap(_ name: String, expecting expectation: String) throws(ActionFailure) -> [String: String]? {
        guard let value = self[name] else { return nil }
        guard let members = value.objectValue else { throw invalid(name, expectation, got: value) }
        var map: [String: String] = [:]
        for (key, member) in members {
            guard let string = member.stringValue else { throw invalid(name, expectation, got: value) }
            map[key] = string
        }
        return map
    }

    /// A duration: a number of seconds (`30`, `0.5`) or a string with a unit (`"30s"`, `"500ms"`, `"2m"`, `"1h"`).
    func duration(_ name: String) throws(ActionFailure) -> Duration? {
        guard let value = self[name] else { return nil }
        guard let duration = DurationValue.parse(value) else {
            throw invalid(
                name, "a non-negative number of seconds or a string such as \"30s\", \"500ms\", \"2m\" or \"1h\"",
                got: value)
        }
        return duration
    }

    /// How a value is named in an error: its JSON type, and the value itself when short.
    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .string(let string) where string.count <= 40: "string \"\(string)\""
        case .int(let integer): "integer \(integer)"
        case .double(let double): "number \(double)"
        case .bool(let bool): "boolean \(bool)"
        default: value.typeName
        }
    }
}
