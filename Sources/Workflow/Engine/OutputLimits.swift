/// The limits every value an action returns is held to where it enters the engine: the same as for request
/// bodies, so whatever a step produced can be stored, read back over the API and sent in a callback.
///
/// An output past one of them fails its step (`output.tooDeep`, `output.tooLarge`, `output.notFinite`) and the
/// run goes on as after any failed step; the output itself is not kept.
public struct OutputLimits: Hashable, Sendable {
    /// The deepest nesting of arrays and objects an output may have (the agent's `limits.maxJSONDepth`).
    public var maxDepth: Int
    /// The largest output as JSON text, in bytes (the agent's `limits.maxOutputBytes`).
    public var maxBytes: Int

    /// The highest `maxDepth` that keeps every stored record writable: the store and the API put a step's output
    /// and its rendered parameters (which may embed another output) a few levels deep in their documents, and the
    /// JSON writer stops at 511 levels.
    public static let highestDepth = 200

    public init(maxDepth: Int = 64, maxBytes: Int = 1 << 20) {
        self.maxDepth = min(maxDepth, Self.highestDepth)
        self.maxBytes = maxBytes
    }

    /// Why `output` cannot enter the engine, or `nil` when it is within the limits.
    ///
    /// - Parameter what: how messages name the value, e.g. "the output of action com.datadoghq.http.request".
    /// - Complexity: O(n) in the output's size; the nesting walk stops one level past `maxDepth`, so a hostile
    ///   depth costs no more stack than an allowed one.
    public func problem(with output: JSONValue, what: String) -> StepError? {
        if Self.nesting(of: output, stoppingPast: maxDepth) > maxDepth {
            return StepError(
                code: "output.tooDeep",
                message:
                    "\(what) nests arrays and objects more than \(maxDepth) deep; at most \(maxDepth) levels are "
                    + "accepted (limits.maxJSONDepth)")
        }
        var text: [UInt8] = []
        do {
            try output.writeJSONText(into: &text)
        } catch {
            return StepError(
                code: "output.notFinite",
                message: "\(what) cannot be written as JSON: \(error.message); JSON numbers are finite")
        }
        guard text.count <= maxBytes else {
            return StepError(
                code: "output.tooLarge",
                message:
                    "\(what) is \(text.count) bytes as JSON; at most \(maxBytes) bytes are accepted "
                    + "(limits.maxOutputBytes)")
        }
        return nil
    }

    /// The nesting of arrays and objects in `value` (a scalar is 0) when it is at most `limit`; past it, a number
    /// above `limit` (at most `limit + 2`), found without walking deeper.
    static func nesting(of value: JSONValue, stoppingPast limit: Int) -> Int {
        switch value {
        case .array(let elements): return 1 + deepest(elements, stoppingPast: limit - 1)
        case .object(let members): return 1 + deepest(members.values, stoppingPast: limit - 1)
        default: return 0
        }
    }

    private static func deepest(_ children: some Collection<JSONValue>, stoppingPast limit: Int) -> Int {
        guard limit >= 0 else {
            return children.contains { $0.arrayValue != nil || $0.objectValue != nil } ? 1 : 0
        }
        var deepest = 0
        for child in children {
            deepest = max(deepest, nesting(of: child, stoppingPast: limit))
            if deepest > limit { break }
        }
        return deepest
    }
}
