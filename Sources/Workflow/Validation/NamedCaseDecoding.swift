/// Decodes a string enumeration so that a wrong value names every accepted one, instead of Swift's
/// "Cannot initialize … from invalid String value …" or a type mismatch on `String`.
///
/// - Throws: `DecodingError.dataCorrupted` at the decoder's path, "expected one of debug, info, …", which
///   `DecodingProblem` completes with what was found.
public func decodeNamedCase<Value: CaseIterable & RawRepresentable>(_ type: Value.Type, from decoder: any Decoder)
    throws -> Value where Value.RawValue == String
{
    let container = try decoder.singleValueContainer()
    let expected = "expected one of " + Value.allCases.map(\.rawValue).joined(separator: ", ")
    let text: String
    do {
        text = try container.decode(String.self)
    } catch {
        throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: expected))
    }
    guard let value = Value(rawValue: text) else {
        throw DecodingError.dataCorrupted(
            .init(codingPath: decoder.codingPath, debugDescription: "\(expected), found \"\(text)\""))
    }
    return value
}

extension LogLevel {
    public init(from decoder: any Decoder) throws {
        self = try decodeNamedCase(LogLevel.self, from: decoder)
    }
}
