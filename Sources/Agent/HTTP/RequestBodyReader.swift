import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Workflow

/// Reads a request body as JSON within the configured limits.
///
/// The body is collected up to `maxBodyBytes` (413 past it), its nesting is measured before it is parsed
/// (400 past `maxJSONDepth`, so a deeply nested body cannot exhaust the parser's stack), then it is parsed.
public struct RequestBodyReader: Sendable {
    public var limits: AgentLimits

    public init(limits: AgentLimits) {
        self.limits = limits
    }

    /// The body's bytes.
    /// - Throws: `APIError` 413 when it is larger than `maxBodyBytes`.
    public func bytes(of request: Request, style: APIError.Style) async throws -> Data {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limits.maxBodyBytes)
        } catch is NIOTooManyBytesError {
            throw APIError(
                .contentTooLarge,
                "the request body is larger than the limit of \(limits.maxBodyBytes) bytes (limits.maxBodyBytes)",
                style: style)
        }
        return Data(buffer.readableBytesView)
    }

    /// The body parsed as JSON; an empty body is `null`.
    /// - Throws: `APIError` 413 for a body past the size limit, 400 for one nested too deeply or not JSON.
    public func json(of request: Request, style: APIError.Style) async throws -> JSONValue {
        let data = try await bytes(of: request, style: style)
        return try parse(data, style: style)
    }

    /// `data` parsed as JSON after checking its depth.
    public func parse(_ data: Data, style: APIError.Style) throws -> JSONValue {
        if data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return .null }
        let depth = Self.depth(of: data)
        guard depth <= limits.maxJSONDepth else {
            throw APIError(
                .badRequest,
                "the request body nests arrays and objects \(depth) deep; at most \(limits.maxJSONDepth) levels are "
                    + "accepted (limits.maxJSONDepth)", pointer: "", style: style)
        }
        do {
            return try JSONValue(jsonText: data)
        } catch {
            throw APIError(
                .badRequest, "the request body is not valid JSON; send a JSON object", pointer: "", style: style)
        }
    }

    /// The deepest nesting of `[` and `{` outside strings.
    /// - Complexity: O(n) in the body's length.
    static func depth(of data: Data) -> Int {
        var depth = 0
        var deepest = 0
        var inString = false
        var escaped = false
        for byte in data {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                deepest = max(deepest, depth)
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return deepest
    }
}
