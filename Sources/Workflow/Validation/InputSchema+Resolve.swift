extension InputSchema {
    /// Checks a run's input payload against the schema and applies defaults.
    ///
    /// Members the schema does not define pass through unchanged. An input with no default must be given.
    /// - Parameter payload: the run's `meta.payload` (an object, or `null` for none).
    /// - Returns: the payload with defaults filled in.
    /// - Throws: `ValidationError` listing every problem; pointers are relative to the payload (`/host`).
    public func resolve(_ payload: JSONValue) throws(ValidationError) -> JSONValue {
        var values: [String: JSONValue]
        switch payload {
        case .null: values = [:]
        case .object(let members): values = members
        default:
            throw ValidationError(issues: [
                ValidationIssue(
                    pointer: "", code: "input.payload",
                    message: "the input payload must be an object of named inputs, found \(payload.typeName)")
            ])
        }
        var issues: [ValidationIssue] = []
        for parameter in parameters ?? [] {
            let pointer = "/" + JSONPointer.escape(parameter.name)
            guard let value = values[parameter.name] ?? parameter.defaultValue else {
                issues.append(
                    ValidationIssue(
                        pointer: pointer, code: "input.missing",
                        message:
                            "the input \"\(parameter.name)\" is required: give \(parameter.type.phrase) in meta.payload"
                    ))
                continue
            }
            values[parameter.name] = value
            guard parameter.type.accepts(value) else {
                issues.append(
                    ValidationIssue(
                        pointer: pointer, code: "input.type",
                        message:
                            "the input \"\(parameter.name)\" must be \(parameter.type.phrase), found \(value.typeName)")
                )
                continue
            }
            guard parameter.allowExtraValues != true, let allowed = parameter.allowedValues?.arrayValue else {
                continue
            }
            let candidates = value.arrayValue ?? [value]
            for candidate in candidates where !allowed.contains(where: { Self.same($0, candidate) }) {
                let list = allowed.map { Template.interpolated($0) }.joined(separator: ", ")
                issues.append(
                    ValidationIssue(
                        pointer: pointer, code: "input.notAllowed",
                        message:
                            "\(Template.interpolated(candidate)) is not an allowed value of \"\(parameter.name)\"; allowed: \(list)"
                    ))
            }
        }
        if !issues.isEmpty { throw ValidationError(issues: issues) }
        return .object(values)
    }

    /// Equality that treats `3` and `3.0` as the same number.
    static func same(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        if let left = lhs.doubleValue, let right = rhs.doubleValue { return left == right }
        return lhs == rhs
    }
}

extension WorkflowSpec {
    /// A run's input checked against `inputSchema` with its defaults applied; the payload unchanged when the spec
    /// has no schema.
    /// - Throws: `ValidationError`; pointers are relative to the payload.
    public func resolveInput(_ payload: JSONValue) throws(ValidationError) -> JSONValue {
        guard let inputSchema else { return payload }
        return try inputSchema.resolve(payload)
    }
}
