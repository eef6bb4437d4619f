import Foundation
import Yams

/// Reads YAML into a `JSONValue` tree using YAML 1.2 core-schema typing: a quoted scalar is always a string,
/// `3600s` stays a string, `3` is an integer and `true` a boolean.
enum YAMLTree {
    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    static func parse(_ data: Data) throws -> JSONValue {
        guard let text = String(data: data, encoding: .utf8) else { throw Problem(description: "it is not UTF-8") }
        guard let node = try Yams.compose(yaml: text) else { return .null }
        return try value(of: node)
    }

    private static func value(of node: Node) throws -> JSONValue {
        switch node {
        case .scalar(let scalar):
            return scalarValue(scalar, tag: node.tag)
        case .sequence(let sequence):
            return .array(try sequence.map(value(of:)))
        case .mapping(let mapping):
            var members: [String: JSONValue] = [:]
            for (key, member) in mapping {
                guard let name = key.string else {
                    throw Problem(description: "a mapping key must be a string (line \((key.mark?.line ?? 0)))")
                }
                members[name] = try value(of: member)
            }
            return .object(members)
        case .alias:
            throw Problem(description: "YAML aliases are not accepted in workflow files")
        }
    }

    private static func scalarValue(_ scalar: Node.Scalar, tag: Tag) -> JSONValue {
        switch Tag.Name(rawValue: tag.rawValue) {
        case .null: return .null
        case .bool: return Bool.construct(from: scalar).map(JSONValue.bool) ?? .string(scalar.string)
        case .int: return Int64.construct(from: scalar).map(JSONValue.int) ?? double(scalar)
        case .float: return double(scalar)
        default: return .string(scalar.string)
        }
    }

    private static func double(_ scalar: Node.Scalar) -> JSONValue {
        Double.construct(from: scalar).map(JSONValue.double) ?? .string(scalar.string)
    }
}
