import HTTPTypes
import Store

/// Turns the store's failures into API errors: `store.notFound` is 404, `store.conflict` 409, `store.invalid` and
/// `store.idempotencyMismatch` 422, a full or busy database 503; anything else stays a server error.
enum StoreErrors {
    static func mapped<T>(style: APIError.Style, _ work: () async throws -> T) async throws -> T {
        do {
            return try await work()
        } catch let error as StoreError {
            throw apiError(for: error, style: style)
        }
    }

    static func apiError(for error: StoreError, style: APIError.Style) -> any Error {
        switch error.code {
        case "store.notFound": APIError(.notFound, error.message, style: style)
        case "store.conflict": APIError(.conflict, error.message, style: style)
        case "store.invalid", "store.idempotencyMismatch": APIError(.unprocessableContent, error.message, style: style)
        case "store.full", "store.busy", "store.closed": APIError(.serviceUnavailable, error.message, style: style)
        default: error
        }
    }
}
