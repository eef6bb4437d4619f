import Agent
import ArgumentParser
import Foundation
import Workflow

/// `sundial instances run|list|get|cancel|tail`, over the agent's API.
struct InstancesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "instances",
        abstract: "Run workflows on a running agent and follow, list, show and cancel their executions.",
        subcommands: [Run.self, List.self, Get.self, Cancel.self, Tail.self]
    )

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Start an execution; prints its id.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The workflow id.") var workflow: String
        @Option(help: "The input payload, a JSON object.") var payload: String?
        @Option(help: "1 (highest) … 9 (lowest).") var priority: Int?
        @Flag(help: "Follow the execution until it ends, as 'tail' does.") var follow = false

        func run() async throws {
            var meta: [String: JSONValue] = [:]
            if let payload {
                let value: JSONValue
                do {
                    value = try JSONValue(jsonText: Array(payload.utf8), duplicateMembers: .reject)
                } catch {
                    throw InputError(
                        "--payload is not valid JSON: \(error.message); give an object such as '{\"host\": \"web-1\"}'")
                }
                guard value.objectValue != nil else {
                    throw InputError("--payload must be a JSON object such as '{\"host\": \"web-1\"}'")
                }
                meta["payload"] = value
            }
            if let priority { meta["priority"] = .int(Int64(priority)) }
            let body = try JSONEncoder().encode(["meta": JSONValue.object(meta)])
            let client = try options.client()
            let reply = try await client.call(.post, "/api/v2/workflows/\(workflow)/instances", body: body)
            let id = reply["data"]?["id"]?.stringValue ?? ""
            if follow {
                try await InstanceFollower(client: client, workflow: workflow, instance: id).follow()
            } else if options.json {
                options.printJSON(reply)
            } else {
                print(id)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a workflow's executions, newest first.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The workflow id.") var workflow: String
        @Option(help: "Executions per page (at most 100).") var pageSize = 20
        @Option(help: "The page, from 0.") var page = 0

        func run() async throws {
            let reply = try await options.client().call(
                .get, "/api/v2/workflows/\(workflow)/instances?page%5Bsize%5D=\(pageSize)&page%5Bnumber%5D=\(page)")
            if options.json {
                options.printJSON(reply)
                return
            }
            let rows = (reply["data"]?.arrayValue ?? []).map { item in
                [
                    item["id"]?.stringValue ?? "", item["attributes"]?["status"]?.stringValue ?? "",
                    item["attributes"]?["createdAt"]?.stringValue ?? "",
                    item["attributes"]?["finishedAt"]?.stringValue ?? "",
                ]
            }
            print(Table.render(header: ["ID", "STATUS", "CREATED", "FINISHED"], rows: rows))
            print("\(reply["meta"]?["page"]?["totalCount"]?.intValue ?? 0) in all")
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show an execution.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The workflow id.") var workflow: String
        @Argument(help: "The execution id.") var instance: String

        func run() async throws {
            let reply = try await options.client().call(.get, "/api/v2/workflows/\(workflow)/instances/\(instance)")
            if options.json {
                options.printJSON(reply)
                return
            }
            let attributes = reply["data"]?["attributes"]
            print("Status: \(attributes?["status"]?.stringValue ?? "?")")
            let rows = (attributes?["steps"]?.arrayValue ?? []).map { step in
                [
                    step["name"]?.stringValue ?? "", step["status"]?.stringValue ?? "",
                    String(step["attempts"]?.arrayValue?.count ?? 0),
                    step["error"]?["message"]?.stringValue ?? "",
                ]
            }
            print(Table.render(header: ["STEP", "STATUS", "ATTEMPTS", "ERROR"], rows: rows))
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel a queued or running execution.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The workflow id.") var workflow: String
        @Argument(help: "The execution id.") var instance: String

        func run() async throws {
            _ = try await options.client().call(.put, "/api/v2/workflows/\(workflow)/instances/\(instance)/cancel")
            print("cancelled \(instance)")
        }
    }

    struct Tail: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Follow an execution step by step until it ends; exit status 1 unless it succeeds.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The workflow id.") var workflow: String
        @Argument(help: "The execution id.") var instance: String

        func run() async throws {
            try await InstanceFollower(client: try options.client(), workflow: workflow, instance: instance).follow()
        }
    }
}
