/// What the loopback server answers to one request.
public struct LoopbackResponse: Sendable {
    public var status: Int
    /// Header fields to send; `Content-Length` is added.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int = 200, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A `text/plain` response.
    public static func text(_ text: String, status: Int = 200, headers: [(name: String, value: String)] = [])
        -> LoopbackResponse
    {
        LoopbackResponse(
            status: status, headers: [("Content-Type", "text/plain")] + headers, body: Array(text.utf8))
    }

    /// An `application/json` response whose body is `json` as given.
    public static func json(_ json: String, status: Int = 200, headers: [(name: String, value: String)] = [])
        -> LoopbackResponse
    {
        LoopbackResponse(
            status: status, headers: [("Content-Type", "application/json")] + headers, body: Array(json.utf8))
    }
}
