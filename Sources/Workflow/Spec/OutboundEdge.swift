/// An edge to the next step, followed when the step's result names `branchName` (`main` by default).
public struct OutboundEdge: Hashable, Sendable, Codable {
    public var branchName: String
    public var nextStepName: String
    public var extra: [String: JSONValue]

    public init(branchName: String = "main", nextStepName: String, extra: [String: JSONValue] = [:]) {
        self.branchName = branchName
        self.nextStepName = nextStepName
        self.extra = extra
    }

    public init(from decoder: any Decoder) throws {
        let reader = try ObjectReader(decoder)
        branchName = try reader.required("branchName")
        nextStepName = try reader.required("nextStepName")
        extra = try reader.remaining()
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = ObjectWriter(encoder)
        try writer.write("branchName", branchName)
        try writer.write("nextStepName", nextStepName)
        try writer.finish(extra: extra)
    }
}

/// How a step with several incoming edges waits: `ANY` runs it on the first edge that is taken; `ALL` waits for
/// every incoming edge and runs it only when all were taken.
public struct ReadinessGate: Hashable, Sendable, Codable {
    public enum Threshold: String, SpecEnumeration {
        case any = "ANY"
        case all = "ALL"
    }

    public var thresholdType: Threshold
    public var extra: [String: JSONValue]

    public init(thresholdType: Threshold, extra: [String: JSONValue] = [:]) {
        self.thresholdType = thresholdType
        self.extra = extra
    }

    public init(from decoder: any Decoder) throws {
        let reader = try ObjectReader(decoder)
        thresholdType = try reader.required("thresholdType")
        extra = try reader.remaining()
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = ObjectWriter(encoder)
        try writer.write("thresholdType", thresholdType)
        try writer.finish(extra: extra)
    }
}

/// What to do when a step's attempts fail: retry per `retryStrategy`, then run `fallbackStepName`.
public struct ErrorHandler: Hashable, Sendable, Codable {
    public var fallbackStepName: String
    public var retryStrategy: RetryStrategy
    public var extra: [String: JSONValue]

    public init(fallbackStepName: String, retryStrategy: RetryStrategy, extra: [String: JSONValue] = [:]) {
        self.fallbackStepName = fallbackStepName
        self.retryStrategy = retryStrategy
        self.extra = extra
    }

    public init(from decoder: any Decoder) throws {
        let reader = try ObjectReader(decoder)
        fallbackStepName = try reader.required("fallbackStepName")
        retryStrategy = try reader.required("retryStrategy")
        extra = try reader.remaining()
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = ObjectWriter(encoder)
        try writer.write("fallbackStepName", fallbackStepName)
        try writer.write("retryStrategy", retryStrategy)
        try writer.finish(extra: extra)
    }
}
