import Foundation
import HTTPTypes
import Hummingbird
import Store

/// Checks a request's key and scope.
///
/// A key is one token. It may come as `Authorization: Bearer <token>`, or as Datadog clients send it: in
/// `DD-API-KEY`, `DD-APPLICATION-KEY` or both (both must then carry the same token). A request without a key, or
/// with an unknown or revoked one, is 401; a key without the route's scope is 403.
public struct APIKeyAuthenticator: Sendable {
    public static let apiKeyHeader = HTTPField.Name("DD-API-KEY")!
    public static let applicationKeyHeader = HTTPField.Name("DD-APPLICATION-KEY")!

    public var store: any Store
    public var now: @Sendable () -> Date

    public init(store: any Store, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.now = now
    }

    /// The key that made `request`, when it holds `scope`.
    /// - Throws: `APIError` 401 or 403.
    public func require(_ scope: Scope, for request: Request, style: APIError.Style) async throws -> APIKey {
        let token = try Self.token(in: request.headers, style: style)
        guard let key = try await store.authenticate(token: token, at: now()) else {
            throw APIError(
                .unauthorized,
                [
                    APIError.Problem(
                        "the API key is unknown or revoked; use a key from 'sundial keys create'",
                        header: Self.apiKeyHeader.rawName)
                ], style: style)
        }
        guard key.scopes.contains(scope.rawValue) else {
            throw APIError(
                .forbidden,
                "the API key '\(key.name)' lacks the scope \(scope.rawValue); create a key with it "
                    + "('sundial keys create --scope \(scope.rawValue)')", style: style)
        }
        return key
    }

    /// The token a request carries.
    /// - Throws: `APIError` 401 when there is none, or the two Datadog headers disagree.
    static func token(in headers: HTTPFields, style: APIError.Style) throws -> String {
        if let authorization = headers[.authorization] {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" {
                return String(parts[1]).trimmingCharacters(in: .whitespaces)
            }
        }
        let apiKey = headers[apiKeyHeader].flatMap { $0.isEmpty ? nil : $0 }
        let applicationKey = headers[applicationKeyHeader].flatMap { $0.isEmpty ? nil : $0 }
        switch (apiKey, applicationKey) {
        case (nil, nil):
            throw APIError(
                .unauthorized,
                [
                    APIError.Problem(
                        "no API key: send it as 'Authorization: Bearer <key>' or in the DD-API-KEY and "
                            + "DD-APPLICATION-KEY headers (the admin key is in $SUNDIAL_HOME/admin.key)",
                        header: apiKeyHeader.rawName)
                ], style: style)
        case (let key?, nil), (nil, let key?):
            return key
        case (let api?, let application?):
            guard api == application else {
                throw APIError(
                    .unauthorized,
                    [
                        APIError.Problem(
                            "DD-API-KEY and DD-APPLICATION-KEY carry different keys; a Sundial key is one token, "
                                + "send the same one in both", header: applicationKeyHeader.rawName)
                    ], style: style)
            }
            return api
        }
    }
}
