/// A condition a step's result must meet before the workflow moves on; while it does not, the step is run again
/// per `retryStrategy`, and when retries run out the step fails.
public struct CompletionGate: Hashable, Sendable, Codable {
    public var completionCondition: CompletionCondition
    public var retryStrategy: RetryStrategy
    public var extra: [String: JSONValue]

    public init(
        completionCondition: CompletionCondition, retryStrategy: RetryStrategy,
        extra: [String: JSONValue] = [:]
    ) {
        self.completionCondition = completionCondition
        self.retryStrategy = retryStrategy
        self.extra = extra
    }

    public init(from decoder: any Decoder) throws {
        let reader = try ObjectReader(decoder)
        completionCondition = try reader.required("completionCondition")
        retryStrategy = try reader.required("retryStrategy")
        extra = try reader.remaining()
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = ObjectWriter(encoder)
        try writer.write("completionCondition", completionCondition)
        try writer.write("retryStrategy", retryStrategy)
        try writer.finish(extra: extra)
    }
}

/// `operand1 operator operand2`; operands are JSON values and may be templates (`{{ Steps.Poll.output.state }}`).
public struct CompletionCondition: Hashable, Sendable, Codable {
    public enum Operator: String, SpecEnumeration {
        case equal = "OPERATOR_EQUAL"
        case notEqual = "OPERATOR_NOT_EQUAL"
        case greaterThan = "OPERATOR_GREATER_THAN"
        case lessThan = "OPERATOR_LESS_THAN"
        case greaterThanOrEqualTo = "OPERATOR_GREATER_THAN_OR_EQUAL_TO"
        case lessThanOrEqualTo = "OPERATOR_LESS_THAN_OR_EQUAL_TO"
        case contains = "OPERATOR_CONTAINS"
        case doesNotContain = "OPERATOR_DOES_NOT_CONTAIN"
        case isNull = "OPERATOR_IS_NULL"
        case isNotNull = "OPERATOR_IS_NOT_NULL"

        /// Whether the operator compares two operands (all but the null checks).
        public var needsSecondOperand: Bool { self != .isNull && self != .isNotNull }
    }

    public var operand1: JSONValue
    public var operand2: JSONValue?
    public var `operator`: Operator
    public var extra: [String: JSONValue]

    public init(
        operand1: JSONValue, operator: Operator, operand2: JSONValue? = nil,
        extra: [String: JSONValue] = [:]
    ) {
        self.operand1 = operand1
        self.operand2 = operand2
        self.operator = `operator`
        self.extra = extra
    }

    public init(from decoder: any Decoder) throws {
        let reader = try ObjectReader(decoder)
        operand1 = try reader.required("operand1")
        operand2 = try reader.optional("operand2")
        `operator` = try reader.required("operator")
        extra = try reader.remaining()
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = ObjectWriter(encoder)
        try writer.write("operand1", operand1)
        try writer.write("operand2", operand2)
        try writer.write("operator", `operator`)
        try writer.finish(extra: extra)
    }
}
