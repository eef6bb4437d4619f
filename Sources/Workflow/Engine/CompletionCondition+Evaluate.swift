extension CompletionCondition {
    /// Whether the condition holds, with operand templates rendered against `context`.
    ///
    /// A template whose path names nothing counts as `null`, so a gate can wait for a member to appear.
    /// - Throws: `TemplateError` for a malformed template.
    public func isSatisfied(in context: TemplateContext) throws(TemplateError) -> Bool {
        let left = try Self.operand(operand1, in: context)
        let right = try operand2.map { (value) throws(TemplateError) in try Self.operand(value, in: context) } ?? .null
        return Self.evaluate(self.operator, left, right)
    }

    private static func operand(_ value: JSONValue, in context: TemplateContext) throws(TemplateError) -> JSONValue {
        do {
            return try Template.render(value, in: context)
        } catch  where error.code == "template.missing" {
            return .null
        }
    }

    /// `left operator right`. Numbers compare numerically (a numeric string counts as a number when compared with
    /// one); strings compare by their characters; `CONTAINS` looks for a substring, an array element or an
    /// object member.
    public static func evaluate(_ operator: Operator, _ left: JSONValue, _ right: JSONValue) -> Bool {
        switch `operator` {
        case .equal: equal(left, right)
        case .notEqual: !equal(left, right)
        case .greaterThan: compare(left, right).map { $0 > 0 } ?? false
        case .lessThan: compare(left, right).map { $0 < 0 } ?? false
        case .greaterThanOrEqualTo: compare(left, right).map { $0 >= 0 } ?? false
        case .lessThanOrEqualTo: compare(left, right).map { $0 <= 0 } ?? false
        case .contains: contains(left, right)
        case .doesNotContain: !contains(left, right)
        case .isNull: left == .null
        case .isNotNull: left != .null
        }
    }

    static func equal(_ left: JSONValue, _ right: JSONValue) -> Bool {
        if let numbers = numericPair(left, right) { return numbers.0 == numbers.1 }
        return left == right
    }

    /// -1, 0 or 1, or `nil` when the values cannot be ordered.
    private static func compare(_ left: JSONValue, _ right: JSONValue) -> Int? {
        if let (a, b) = numericPair(left, right) { return a < b ? -1 : (a > b ? 1 : 0) }
        if let a = left.stringValue, let b = right.stringValue { return a < b ? -1 : (a > b ? 1 : 0) }
        return nil
    }

    private static func numericPair(_ left: JSONValue, _ right: JSONValue) -> (Double, Double)? {
        let leftNumber = left.doubleValue, rightNumber = right.doubleValue
        guard leftNumber != nil || rightNumber != nil else { return nil }
        guard let a = leftNumber ?? left.stringValue.flatMap(Double.init),
            let b = rightNumber ?? right.stringValue.flatMap(Double.init)
        else { return nil }
        return (a, b)
    }

    private static func contains(_ container: JSONValue, _ element: JSONValue) -> Bool {
        switch container {
        case .string(let text):
            guard
                let needle = element.stringValue ?? (element.doubleValue != nil ? Template.interpolated(element) : nil)
            else { return false }
            return text.contains(needle)
        case .array(let elements): return elements.contains { equal($0, element) }
        case .object(let members): return element.stringValue.map { members[$0] != nil } ?? false
        default: return false
        }
    }
}
