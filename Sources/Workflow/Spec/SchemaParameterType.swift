/// The type of a workflow input or output parameter.
public enum SchemaParameterType: String, SpecEnumeration {
    case string = "STRING"
    case number = "NUMBER"
    case boolean = "BOOLEAN"
    case object = "OBJECT"
    case arrayString = "ARRAY_STRING"
    case arrayNumber = "ARRAY_NUMBER"
    case arrayBoolean = "ARRAY_BOOLEAN"
    case arrayObject = "ARRAY_OBJECT"

    /// Whether `value` has this type (an integer is a number).
    public func accepts(_ value: JSONValue) -> Bool {
        switch self {
        case .string: value.stringValue != nil
        case .number: value.doubleValue != nil
        case .boolean: value.boolValue != nil
        case .object: value.objectValue != nil
        case .arrayString: value.arrayValue?.allSatisfy { $0.stringValue != nil } ?? false
        case .arrayNumber: value.arrayValue?.allSatisfy { $0.doubleValue != nil } ?? false
        case .arrayBoolean: value.arrayValue?.allSatisfy { $0.boolValue != nil } ?? false
        case .arrayObject: value.arrayValue?.allSatisfy { $0.objectValue != nil } ?? false
        }
    }

    /// How the type reads in a message: `a string`, `an array of numbers`, …
    public var phrase: String {
        switch self {
        case .string: "a string"
        case .number: "a number"
        case .boolean: "a boolean"
        case .object: "an object"
        case .arrayString: "an array of strings"
        case .arrayNumber: "an array of numbers"
        case .arrayBoolean: "an array of booleans"
        case .arrayObject: "an array of objects"
        }
    }
}
