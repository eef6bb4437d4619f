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
                // The id first, so a script or a person can find the run again whatever happens next.
                if options.json {
                    print(
                        InstanceFollower.jsonLine(
                            ServerSentEvent(
                                name: "instance.created",
                                data: ["instanceId": .string(id), "workflowId": .string(workflow)])))
                } else {
                    print("Instance: \(id)")
                }
                try await InstanceFollower(client: client, workflow: workflow, instance: id, json: options.json)
                    .follow()
            } else if options.json {
                options.printJSON(reply)
            } else {
                print(id)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List executions, newest first: of one workflow, or across workflows.",
            discussion: """
                Filters combine: 'sundial instances list --status Failed --since 6h' lists the runs of every \
                workflow that failed in the last six hours. --since and --until take RFC 3339 times or times \
                before now (30m, 6h, 2d, 1w) and compare with when each execution started.
                """)
        @OptionGroup var options: ClientOptions
        @Argument(help: "Only this workflow's executions (the same as --workflow).") var workflowArgument: String?
        @Option(help: "Only this workflow's executions.") var workflow: String?
        @Option(
            help: ArgumentHelp(
                "Only executions with this status (Pending, Running, Successful, Failed, Cancelled, TimedOut); "
                    + "repeat or separate with commas for several."))
        var status: [String] = []
        @Option(help: "Only executions started at or after this time (RFC 3339, or 6h, 30m, 2d before now).")
        var since: String?
        @Option(help: "Only executions started before this time (RFC 3339, or 6h, 30m, 2d before now).")
        var until: String?
        @Option(help: "Executions per page (at most 100).") var pageSize = 20
        @Option(help: "The page, from 0.") var page = 0

        func validate() throws {
            if let workflowArgument, let workflow, workflowArgument != workflow {
                throw ValidationError("the workflow is named twice: '\(workflowArgument)' and --workflow '\(workflow)'")
            }
            guard (1...100).contains(pageSize) else { throw ValidationError("--page-size must be 1 to 100") }
            guard page >= 0 else { throw ValidationError("--page must be 0 or more") }
        }

        func run() async throws {
            let statuses = status.flatMap { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
            let known = ExecutionStatus.allCases.map(\.rawValue)
            for given in statuses where !known.contains(given) {
                let match = known.first { $0.lowercased() == given.lowercased() }
                throw InputError(
                    "--status: unknown status '\(given)'" + (match.map { "; did you mean \($0)?" } ?? "")
                        + " (use \(known.joined(separator: ", ")))")
            }
            var query: [(String, String)] = [("page[size]", String(pageSize)), ("page[number]", String(page))]
            if let id = workflow ?? workflowArgument { query.append(("filter[workflowId]", id)) }
            if !statuses.isEmpty { query.append(("filter[status]", statuses.joined(separator: ","))) }
            if let since { query.append(("filter[startedAfter]", try TimeArgument(since, option: "--since").query)) }
            if let until { query.append(("filter[startedBefore]", try TimeArgument(until, option: "--until").query)) }
            let reply = try await options.client().call(.get, "/api/v2/instances" + Self.queryString(query))
            if options.json {
                options.printJSON(reply)
                return
            }
            let items = reply["data"]?.arrayValue ?? []
            let rows = items.map { item in
                let attributes = item["attributes"]
                return [
                    item["id"]?.stringValue ?? "", attributes?["workflowId"]?.stringValue ?? "",
                    attributes?["status"]?.stringValue ?? "", attributes?["createdAt"]?.stringValue ?? "",
                    InstanceDetail.duration(attributes?["startedAt"], attributes?["finishedAt"]) ?? "",
                ]
            }
            let total = reply["meta"]?["page"]?["totalCount"]?.intValue ?? 0
            if !rows.isEmpty {
                print(Table.render(header: ["ID", "WORKFLOW", "STATUS", "CREATED", "DURATION"], rows: rows))
            }
            let first = page * pageSize
            if rows.isEmpty {
                print(total == 0 ? "no executions match" : "no executions on page \(page) (\(total) in all)")
            } else if total > first + rows.count {
                print("\(first + 1)–\(first + rows.count) of \(total); next: --page \(page + 1)")
            } else {
                print("\(total) in all")
            }
        }

        /// `?name=value&…`, each part percent-encoded.
        static func queryString(_ items: [(String, String)]) -> String {
            var allowed = CharacterSet.alphanumerics
            allowed.insert(charactersIn: "-._~")
            let encode = { (text: String) in text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text }
            return "?" + items.map { encode($0.0) + "=" + encode($0.1) }.joined(separator: "&")
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show an execution: its status and times, each step's status, duration, attempts, output and "
                + "error, and its log lines.")
        @OptionGroup var options: ClientOptions
        @OptionGroup var instance: InstanceReference

        func run() async throws {
            let client = try options.client()
            let reply = try await instance.document(client)
            if options.json {
                options.printJSON(reply)
            } else {
                print(InstanceDetail(document: reply).text)
            }
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel a queued or running execution.")
        @OptionGroup var options: ClientOptions
        @OptionGroup var instance: InstanceReference

        func run() async throws {
            let client = try options.client()
            let (workflow, id) = try await instance.resolve(client)
            _ = try await client.call(.put, "/api/v2/workflows/\(workflow)/instances/\(id)/cancel")
            print("cancelled \(id)")
        }
    }

    struct Tail: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Follow an execution step by step until it ends; exit status 1 unless it succeeds.",
            discussion: """
                Reads the agent's event stream of the execution, replayed from its start, so every step is \
                shown however fast it ran. With --json, prints each event as one JSON object per line: \
                {"event": "step.finished", "data": {…}}; the last is execution.finished, whose data is the \
                instance document.
                """)
        @OptionGroup var options: ClientOptions
        @OptionGroup var instance: InstanceReference

        func run() async throws {
            let client = try options.client()
            let (workflow, id) = try await instance.resolve(client)
            try await InstanceFollower(client: client, workflow: workflow, instance: id, json: options.json).follow()
        }
    }
}

/// An execution named on the command line: its id alone, or its workflow's id and its id (the API's path).
struct InstanceReference: ParsableArguments {
    @Argument(help: "The execution id, or the workflow id and the execution id.")
    var ids: [String] = []

    func validate() throws {
        guard (1...2).contains(ids.count) else {
            throw ValidationError("name the execution: INSTANCE, or WORKFLOW INSTANCE")
        }
    }

    /// The execution's document (`GET …/instances/{id}`).
    func document(_ client: AgentClient) async throws -> JSONValue {
        if ids.count == 2 { return try await client.call(.get, "/api/v2/workflows/\(ids[0])/instances/\(ids[1])") }
        return try await client.call(.get, "/api/v2/instances/\(ids[0])")
    }

    /// The workflow id and the execution id, asking the agent for the workflow when only the execution is named.
    func resolve(_ client: AgentClient) async throws -> (workflow: String, instance: String) {
        if ids.count == 2 { return (ids[0], ids[1]) }
        let document = try await document(client)
        guard let workflow = document["data"]?["attributes"]?["workflowId"]?.stringValue else {
            printError("error: the agent's answer for instance '\(ids[0])' names no workflow")
            throw ExitCode.failure
        }
        return (workflow, ids[0])
    }
}
