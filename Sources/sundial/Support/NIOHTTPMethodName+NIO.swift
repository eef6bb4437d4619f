import NIOHTTP1

extension NIOHTTPMethodName {
    var method: HTTPMethod {
        switch self {
        case .get: .GET
        case .post: .POST
        case .patch: .PATCH
        case .put: .PUT
        case .delete: .DELETE
        }
    }
}
