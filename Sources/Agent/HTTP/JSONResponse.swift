import Foundation
import HTTPTypes
import Hummingbird
import Workflow

/// Builds JSON responses: dates as RFC 3339 with milliseconds, no escaped slashes.
public enum JSONResponse {
    /// A response whose body is `value` encoded as JSON.
    public static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        guard let data = try? encoder.encode(value) else { return unencodable }
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A response whose body is `value`, written without `JSONEncoder` (the same text).
    public static func make(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        var bytes: [UInt8] = []
        guard (try? value.writeJSONText(into: &bytes)) != nil else { return unencodable }
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    private static var unencodable: Response {
        Response(
            status: .internalServerError, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"errors":["the response could not be encoded"]}"#)))
    }

    /// The encoder every response uses (shared: its options never change after this, and encoding does not mutate
    /// it).
    public static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(timestamp(date))
        }
        return encoder
    }()

    /// `2025-03-30T09:30:00.123Z` (`Timestamp.rfc3339`).
    public static func timestamp(_ date: Date) -> String {
        Timestamp.rfc3339(date)
    }
}
