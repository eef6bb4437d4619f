/// One entry of `spec.triggers`: a trigger kind with its settings, and the steps it starts.
///
/// On the wire it is an object with exactly one `<kind>Trigger` member and an optional `startStepNames`:
/// `{"scheduleTrigger": {"rruleExpression": "FREQ=DAILY"}, "startStepNames": ["Check"]}`.
public struct Trigger: Hashable, Sendable, Codable {
    public var kind: TriggerKind
    public var settings: TriggerSettings
    /// The steps that run first when this trigger fires; when absent, every step no edge points to.
    public var startStepNames: [String]?
    public var extra: [String: JSONValue]

    public init(
        kind: TriggerKind, settings: TriggerSettings = TriggerSettings(), startStepNames: [String]? = nil,
        extra: [String: JSONValue] = [:]
    ) {
        self.kind = kind
        self.settings = settings
        self.startStepNames = startStepNames
        self.extra = extra
    }

    /// Whether Sundial fires this trigger (see `TriggerKind.isActive`).
    public var isActive: Bool { kind.isActive }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: MemberKey.self)
        let kinds = TriggerKind.allCases.filter { container.contains(MemberKey($0.rawValue)) }
        guard kinds.count == 1, let kind = kinds.first else {
            let found = kinds.isEmpty ? "none" : kinds.map(\.rawValue).joined(separator: " and ")
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: decoder.codingPath,
                    debugDescription: "a trigger needs exactly one of \(TriggerKind.memberList); found \(found)"))
        }
        let reader = try ObjectReader(decoder)
        self.kind = kind
        settings = try reader.optional(kind.rawValue) ?? TriggerSettings()
        startStepNames = try reader.optional("startStepNames")
        extra = try reader.remaining()
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = ObjectWriter(encoder)
        try writer.write(kind.rawValue, settings)
        try writer.write("startStepNames", startStepNames)
        try writer.finish(extra: extra)
    }
}
