/// Turns a `DecodingError` into a `ValidationIssue` that points at the member that could not be read.
enum DecodingProblem {
    /// - Parameter prefix: put before the coding path; `nil` when the document was bare attributes, whose pointers
    ///   are already relative to the attributes.
    static func issue(for error: any Error, under prefix: String?) -> ValidationIssue {
        guard let error = error as? DecodingError else {
            return ValidationIssue(pointer: "", code: "document.decode", message: describe(error))
        }
        func pointer(_ path: [any CodingKey], appending key: (any CodingKey)? = nil) -> String {
            let tokens = (path + (key.map { [$0] } ?? [])).map { $0.intValue.map(String.init) ?? $0.stringValue }
            return (prefix ?? "") + JSONPointer.make(tokens)
        }
        switch error {
        case .keyNotFound(let key, let context):
            return ValidationIssue(
                pointer: pointer(context.codingPath, appending: key), code: "document.missing",
                message: "the member \"\(key.stringValue)\" is required here")
        case .typeMismatch(let type, let context):
            return ValidationIssue(
                pointer: pointer(context.codingPath), code: "document.type",
                message: "expected \(typePhrase(type)) here")
        case .valueNotFound(let type, let context):
            return ValidationIssue(
                pointer: pointer(context.codingPath), code: "document.type",
                message: "expected \(typePhrase(type)) here, found null")
        case .dataCorrupted(let context):
            return ValidationIssue(
                pointer: pointer(context.codingPath), code: "document.value", message: context.debugDescription)
        @unknown default:
            return ValidationIssue(pointer: "", code: "document.decode", message: describe(error))
        }
    }

    /// A short description of a parse error, without Foundation's noise.
    static func describe(_ error: any Error) -> String {
        if case .dataCorrupted(let context) = error as? DecodingError {
            if let underlying = context.underlyingError { return "\(underlying)" }
            return context.debugDescription
        }
        return "\(error)"
    }

    private static func typePhrase(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        case is Int64.Type, is Int.Type: "an integer"
        case is Double.Type: "a number"
        case is [Any].Type: "an array"
        default:
            "\(type)".hasPrefix("Array") ? "an array" : "an object"
        }
    }
}
