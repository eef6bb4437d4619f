import Foundation

/// The execution `sundial run --json` printed: `{"data": {"attributes": {…}}}`.
struct ExecutionJSON {
    let attributes: [String: Any]

    init?(_ result: Sundial.Result) {
        guard let data = result.json?["data"] as? [String: Any], let attributes = data["attributes"] as? [String: Any]
        else { return nil }
        self.attributes = attributes
    }

    var status: String? { attributes["status"] as? String }
    var outputs: [String: Any] { attributes["outputs"] as? [String: Any] ?? [:] }
    var error: [String: Any]? { attributes["error"] as? [String: Any] }

    /// The step named `name`.
    func step(_ name: String) -> [String: Any]? {
        (attributes["steps"] as? [[String: Any]])?.first { $0["name"] as? String == name }
    }

    /// Each step's status, by name.
    var stepStatuses: [String: String] {
        var statuses: [String: String] = [:]
        for step in attributes["steps"] as? [[String: Any]] ?? [] {
            if let name = step["name"] as? String { statuses[name] = step["status"] as? String }
        }
        return statuses
    }

    /// A step's error code.
    func errorCode(of name: String) -> String? {
        (step(name)?["error"] as? [String: Any])?["code"] as? String
    }
}
