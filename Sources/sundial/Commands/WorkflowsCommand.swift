import Agent
import ArgumentParser
import Foundation
import Workflow

/// `sundial workflows create|list|get|update|delete`, over the agent's API.
struct WorkflowsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workflows",
        abstract: "Create, list, show, update and delete workflows on a running agent; see their schedules and fires.",
        subcommands: [Create.self, List.self, Get.self, Update.self, Delete.self, Schedule.self, Fires.self]
    )

    /// A workflow file's body as the API takes it: `{"data": {"type": "workflows", "attributes": …}}`.
    static func body(file: String) throws -> Data {
        do {
            var document = try WorkflowDocument.load(contentsOf: URL(fileURLWithPath: file))
            document.id = nil
            return try document.encodedJSON(pretty: false)
        } catch let error as Workflow.ValidationError {
            throw InputError("\(file): \(error.description)")
        }
    }

    /// The update body that replaces `stored` with the file's `body`: the file's attributes, plus `null` for each
    /// stored member the file leaves out (the API removes a member sent as null), except the server's timestamps
    /// and the write-only `webhookSecret`.
    static func replacing(_ stored: JSONValue?, with body: Data) throws -> Data {
        guard case .object(var document) = try JSONValue(jsonText: body),
            case .object(var data) = document["data"], case .object(var attributes) = data["attributes"]
        else { return body }
        for name in (stored?.objectValue ?? [:]).keys
        where attributes[name] == nil && !["createdAt", "updatedAt", "webhookSecret"].contains(name) {
            attributes[name] = .null
        }
        data["attributes"] = .object(attributes)
        document["data"] = .object(data)
        return Data(try JSONValue.object(document).jsonText().utf8)
    }

    /// Prints the `meta.warnings` of a create or update response on standard error, one
    /// `warning: /data/attributes/…: message` line each, so that they show beside the id (or the JSON) on standard
    /// output.
    static func printWarnings(_ reply: JSONValue) {
        for warning in reply["meta"]?["warnings"]?.arrayValue ?? [] {
            let pointer = warning["pointer"]?.stringValue ?? ""
            let message = WorkflowFile.oneLine(warning["message"]?.stringValue ?? "")
            printError(pointer.isEmpty ? "warning: \(message)" : "warning: \(pointer): \(message)")
        }
    }

    /// One line per workflow: id, name, published, triggers.
    static func table(_ items: [JSONValue]) -> String {
        Table.render(
            header: ["ID", "NAME", "PUBLISHED", "UPDATED"],
            rows: items.map { item in
                let attributes = item["attributes"]
                return [
                    item["id"]?.stringValue ?? "", attributes?["name"]?.stringValue ?? "",
                    attributes?["published"]?.boolValue == true ? "yes" : "no",
                    attributes?["updatedAt"]?.stringValue ?? "",
                ]
            })
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a workflow from a JSON or YAML file.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The workflow file.") var file: String

        func run() async throws {
            let reply = try await options.client().call(
                .post, "/api/v2/workflows", body: try WorkflowsCommand.body(file: file))
            WorkflowsCommand.printWarnings(reply)
            if options.json { options.printJSON(reply) } else { print(reply["data"]?["id"]?.stringValue ?? "") }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List workflows.")
        @OptionGroup var options: ClientOptions
        @Option(help: "Only workflows whose name or handle contains this (or with this key:value tag).")
        var query: String?
        @Option(help: "The most to show.") var limit = 50

        func run() async throws {
            var path = "/api/v2/workflows?limit=\(limit)&sort=name"
            if let query {
                path +=
                    "&filter%5Bquery%5D=" + (query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
            }
            let reply = try await options.client().call(.get, path)
            if options.json {
                options.printJSON(reply)
            } else {
                print(WorkflowsCommand.table(reply["data"]?.arrayValue ?? []))
            }
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a workflow as JSON.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The workflow id.") var id: String

        func run() async throws {
            options.printJSON(try await options.client().call(.get, "/api/v2/workflows/\(id)"))
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace a workflow's definition from a file.",
            discussion: """
                The file is the whole definition: a member the stored workflow has and the file does not (a \
                description, tags) is removed. The workflow's webhookSecret is kept unless the file gives one, \
                since no response shows it.
                """)
        @OptionGroup var options: ClientOptions
        @Argument(help: "The workflow id.") var id: String
        @Argument(help: "The workflow file.") var file: String

        func run() async throws {
            let client = try options.client()
            let current = try await client.call(.get, "/api/v2/workflows/\(id)")
            let body = try WorkflowsCommand.replacing(
                current["data"]?["attributes"], with: try WorkflowsCommand.body(file: file))
            let reply = try await client.call(.patch, "/api/v2/workflows/\(id)", body: body)
            WorkflowsCommand.printWarnings(reply)
            if options.json { options.printJSON(reply) } else { print("updated \(id)") }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a workflow (its executions stay).")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The workflow id.") var id: String

        func run() async throws {
            _ = try await options.client().call(.delete, "/api/v2/workflows/\(id)")
            print("deleted \(id)")
        }
    }
}
