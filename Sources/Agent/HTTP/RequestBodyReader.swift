import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Workflow

/// Reads a request body as JSON within the configured limits.
///
/// The body is collected up to `maxBodyBytes` (413 past it); a body that is not empty must be sent as JSON
/// (`Content-Type: application/json` or `application/vnd.api+json`, or none; 415 otherwise); its nesting is
/// measured before it is parsed (400 past `maxJSONDepth`, so a deeply nested body cannot exhaust the parser's
/// stack); then it is parsed, refusing a repeated member name (400 naming its JSON pointer) and answering 400 with
/// the line and column of the first syntax error.
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

    /// The media types a JSON body may be sent as (parameters such as `charset` aside); a body without
    /// `Content-Type` is read as JSON too.
    public static let acceptedMediaTypes = ["application/json", "application/vnd.api+json"]

    /// The body parsed as JSON; an empty body is `null`.
    /// - Throws: `APIError` 413 for a body past the size limit, 415 for one sent as another media type, 400 for one
    ///   nested too deeply or not JSON.
    public func json(of request: Request, style: APIError.Style) async throws -> JSONValue {
        let data = try await bytes(of: request, style: style)
        if Self.isBlank(data) { return .null }
        try Self.checkMediaType(request.headers[.contentType], style: style)
        return try parse(data, style: style)
    }

    /// Refuses a `Content-Type` other than JSON.
    /// - Throws: `APIError` 415 naming the type sent and the accepted ones.
    static func checkMediaType(_ header: String?, style: APIError.Style) throws {
        guard let header else { return }
        let mediaType = header.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
        let normalized = mediaType.trimmingCharacters(in: .whitespaces).lowercased()
        guard !acceptedMediaTypes.contains(normalized) else { return }
        throw APIError(
            .unsupportedMediaType,
            [
                APIError.Problem(
                    "the request body is sent as '\(mediaType.trimmingCharacters(in: .whitespaces))'; send it as "
                        + acceptedMediaTypes.map { "'\($0)'" }.joined(separator: " or "), header: "Content-Type")
            ], style: style)
    }

    private static func isBlank(_ data: Data) -> Bool {
        data.allSatisfy { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
    }

    /// `data` parsed as JSON after checking its depth.
    public func parse(_ data: Data, style: APIError.Style) throws -> JSONValue {
        if Self.isBlank(data) { return .null }
        let depth = Self.depth(of: data)
        guard depth <= limits.maxJSONDepth else {
            throw APIError(
                .badRequest,
                "the request body nests arrays and objects \(depth) deep; at most \(limits.maxJSONDepth) levels are "
                    + "accepted (limits.maxJSONDepth)", pointer: "", style: style)
        }
        do throws(JSONTextError) {
            return try JSONValue(jsonText: data, duplicateMembers: .reject)
        } catch where error.code == .duplicateMember {
            throw APIError(.badRequest, error.message, pointer: error.pointer ?? "", style: style)
        } catch {
            throw APIError(
                .badRequest, "the request body is not valid JSON: \(error.message); send a JSON object",
                pointer: "", style: style)
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
