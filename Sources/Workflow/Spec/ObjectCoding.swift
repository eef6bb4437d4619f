/// A coding key made from any string: lets spec types read the members they model and keep the rest.
struct MemberKey: CodingKey, Hashable {
    var stringValue: String
    var intValue: Int? { nil }

    init(_ name: String) { self.stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { return nil }
}

/// Reads the members of a JSON object one by one and remembers which were read, so that the members a type
/// does not model can be kept in its `extra` and written back unchanged.
///
/// A modelled member whose value is `null` stays in `extra` as `null`, so that it round-trips too.
final class ObjectReader {
    private let container: KeyedDecodingContainer<MemberKey>
    private var read: Set<String> = []

    init(_ decoder: any Decoder) throws {
        container = try decoder.container(keyedBy: MemberKey.self)
    }

    /// The member `name`, which must be present.
    func required<T: Decodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        read.insert(name)
        return try container.decode(T.self, forKey: MemberKey(name))
    }

    /// The member `name`, or `nil` when it is absent or `null` (a `null` is kept in `extra`).
    func optional<T: Decodable>(_ name: String, as type: T.Type = T.self) throws -> T? {
        let key = MemberKey(name)
        guard container.contains(key), try !container.decodeNil(forKey: key) else { return nil }
        read.insert(name)
        return try container.decode(T.self, forKey: key)
    }

    /// Every member not read so far, as JSON values.
    func remaining() throws -> [String: JSONValue] {
        var extra: [String: JSONValue] = [:]
        for key in container.allKeys where !read.contains(key.stringValue) {
            extra[key.stringValue] = try container.decode(JSONValue.self, forKey: key)
        }
        return extra
    }
}

/// Writes the members a type models, then the kept members it does not model (a modelled member wins over a
/// kept one of the same name).
struct ObjectWriter {
    private var container: KeyedEncodingContainer<MemberKey>
    private var written: Set<String> = []

    init(_ encoder: any Encoder) {
        container = encoder.container(keyedBy: MemberKey.self)
    }

    /// Writes `value` under `name` unless it is `nil`.
    mutating func write<T: Encodable>(_ name: String, _ value: T?) throws {
        guard let value else { return }
        written.insert(name)
        try container.encode(value, forKey: MemberKey(name))
    }

    /// Writes the kept members that were not written as modelled ones.
    mutating func finish(extra: [String: JSONValue]) throws {
        for (name, value) in extra where !written.contains(name) {
            try container.encode(value, forKey: MemberKey(name))
        }
    }
}

/// A string-valued enumeration of the spec (a readiness threshold, an operator, …) whose decoding error lists the
/// accepted values.
public protocol SpecEnumeration: RawRepresentable, CaseIterable, Codable, Hashable, Sendable
where RawValue == String {}

extension SpecEnumeration {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode(String.self)
        guard let value = Self(rawValue: raw) else {
            let accepted = Self.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "\"\(raw)\" is not accepted here; use one of \(accepted)")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
