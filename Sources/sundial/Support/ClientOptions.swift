import Agent
import ArgumentParser
import Foundation
import Workflow

/// How the `workflows` and `instances` commands reach the agent: its URL and a key.
struct ClientOptions: ParsableArguments {
    @Option(help: "The agent's URL, or HOST:PORT (default: $SUNDIAL_URL, else http://127.0.0.1:8470).")
    var url: String?
    @Option(help: "The API key (default: $SUNDIAL_KEY, else the token in HOME/admin.key).")
    var key: String?
    @Option(help: "The agent's home directory, for its admin key (default: $SUNDIAL_HOME, else the default home: see 'sundial agent --help').")
    var home: String?
    @Flag(help: "Print the agent's JSON instead of a table.")
    var json = false

    /// A client for the agent these options name.
    /// - Throws: `InputError` when no key can be found.
    func client(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> AgentClient {
        let given: (text: String, origin: String)
        if let url {
            given = (url, "from --url")
        } else if let text = environment["SUNDIAL_URL"], !text.isEmpty {
            given = (text, "from $SUNDIAL_URL")
        } else {
            given = ("http://127.0.0.1:8470", "the default; set --url or $SUNDIAL_URL for another")
        }
        let base = try Self.baseURL(given.text, origin: given.origin)
        var configuration = AgentConfiguration(environment: environment)
        if let home { configuration.home = home }
        let token =
            key ?? environment["SUNDIAL_KEY"].flatMap { $0.isEmpty ? nil : $0 }
            ?? AdminKey.read(at: configuration.adminKeyPath)
        guard let token else {
            throw InputError(
                "no API key: pass --key, set SUNDIAL_KEY, or point --home at the agent's home "
                    + "(\(configuration.adminKeyPath) does not exist)")
        }
        return AgentClient(baseURL: base, key: token, origin: given.origin)
    }

    /// `text` as the agent's base URL: `host:port` (or a bare host) is taken as `http://host:port`.
    /// - Throws: `InputError` for another scheme or text with no host.
    static func baseURL(_ text: String, origin: String) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let full = trimmed.contains("://") ? trimmed : "http://" + trimmed
        guard let parts = URLComponents(string: full), let scheme = parts.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = parts.host, !host.isEmpty
        else {
            throw InputError(
                "the agent's URL '\(text)' (\(origin)) is not one this client can use: give http://HOST:PORT, "
                    + "https://HOST:PORT or HOST:PORT, e.g. 127.0.0.1:8470")
        }
        return full
    }

    /// Prints `value` as indented JSON.
    func printJSON(_ value: JSONValue) {
        print(ExecutionReport.prettyJSON(value))
    }
}

extension AgentClient {
    /// `send`, with a refused request turned into a one-line error and exit status 1.
    func call(_ method: NIOHTTPMethodName, _ path: String, body: Data? = nil) async throws -> JSONValue {
        do {
            return try await send(method.method, path, body: body)
        } catch let error as AgentClientError {
            printError("error: \(error.description)")
            throw ExitCode.failure
        }
    }
}

/// The HTTP methods the CLI uses, without importing NIO into every command.
enum NIOHTTPMethodName {
    case get, post, patch, put, delete
}
