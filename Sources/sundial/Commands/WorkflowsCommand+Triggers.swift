import Agent
import ArgumentParser
import Foundation
import Workflow

/// `sundial workflows schedule|fires`: what a workflow's triggers will do and what they did.
extension WorkflowsCommand {
    struct Schedule: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The next fires of a workflow's schedule trigger, in the trigger's zone and in UTC.",
            discussion: """
                Each row is one coming fire: the occurrence in UTC, the time it fires (the occurrence plus the \\
                trigger's stable jitter) in UTC and in the rule's zone. A workflow that is not published is \\
                shown with its fires, marked as not armed: they will not fire until it is published.
                """)
        @OptionGroup var options: ClientOptions
        @Argument(help: "The workflow id.") var id: String
        @Option(help: "How many fires (1 to 1000).") var count = 10

        func validate() throws {
            guard (1...1000).contains(count) else { throw ValidationError("--count must be 1 to 1000") }
        }

        func run() async throws {
            let reply = try await options.client().call(.get, "/api/v2/workflows/\(id)/schedule?count=\(count)")
            if options.json {
                options.printJSON(reply)
                return
            }
            let attributes = reply["data"]?["attributes"]
            let zone = attributes?["timeZone"]?.stringValue ?? "UTC"
            print("Rule      \(attributes?["rruleExpression"]?.stringValue ?? "")")
            print("Zone      \(zone)")
            if let jitter = attributes?["jitterMillis"]?.intValue, jitter != 0 { print("Jitter    \(jitter) ms") }
            if attributes?["armed"]?.boolValue != true {
                print("Armed     no: the workflow is not published, so these will not fire until it is")
            }
            let fires = attributes?["fires"]?.arrayValue ?? []
            guard !fires.isEmpty else {
                print("no coming fires: the rule has no occurrence after now")
                return
            }
            print("")
            print(
                Table.render(
                    header: ["OCCURRENCE (UTC)", "FIRES AT (UTC)", "FIRES AT (\(zone))", "NOTE"],
                    rows: fires.map { fire in
                        [
                            fire["scheduledAt"]?.stringValue ?? "", fire["fireAt"]?.stringValue ?? "",
                            fire["localFireAt"]?.stringValue ?? "", WorkflowsCommand.scheduleNote(fire["wouldSkip"]?.stringValue),
                        ]
                    }))
            let skipped = fires.count { $0["wouldSkip"] != nil }
            if skipped > 0 {
                printError(
                    "warning: the trigger's rateLimit would skip \(skipped) of these \(fires.count) fires; raise its "
                        + "count or interval at /data/attributes/spec/triggers if they should run")
            }
        }
    }

    /// The note column for a fire the schedule would skip.
    static func scheduleNote(_ reason: String?) -> String {
        switch reason {
        case nil: ""
        case "rate_limited"?: "would be skipped: over the rateLimit"
        case let other?: "would be skipped: \(other)"
        }
    }

    struct Fires: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A workflow's fires, newest first: the execution each started, or why it started none.",
            discussion: """
                Every fire of every trigger is recorded: a schedule occurrence, an alert, a webhook delivery, a \\
                run over the API. A fire that started nothing says why (rate_limited, overlap, invalid_input, \\
                …), so a schedule that never runs can be told from one that never fired.
                """)
        @OptionGroup var options: ClientOptions
        @Argument(help: "The workflow id.") var id: String
        @Option(help: "Fires per page (at most 100).") var pageSize = 20
        @Option(help: "The page, from 0.") var page = 0

        func validate() throws {
            guard (1...100).contains(pageSize) else { throw ValidationError("--page-size must be 1 to 100") }
            guard page >= 0 else { throw ValidationError("--page must be 0 or more") }
        }

        func run() async throws {
            let reply = try await options.client().call(
                .get, "/api/v2/workflows/\(id)/fires?page%5Bsize%5D=\(pageSize)&page%5Bnumber%5D=\(page)")
            if options.json {
                options.printJSON(reply)
                return
            }
            let items = reply["data"]?.arrayValue ?? []
            let total = reply["meta"]?["page"]?["totalCount"]?.intValue ?? 0
            guard !items.isEmpty else {
                print(total == 0 ? "no fires yet" : "no fires on page \(page) (\(total) in all)")
                return
            }
            print(
                Table.render(
                    header: ["FIRED", "TRIGGER", "OCCURRENCE", "OUTCOME"],
                    rows: items.map { item in
                        let attributes = item["attributes"]
                        let outcome =
                            attributes?["instanceId"]?.stringValue.map { "started \($0)" }
                            ?? attributes?["skipReason"]?.stringValue.map { "skipped: \($0)" } ?? ""
                        return [
                            attributes?["firedAt"]?.stringValue ?? "", attributes?["trigger"]?.stringValue ?? "",
                            attributes?["scheduledAt"]?.stringValue ?? "", outcome,
                        ]
                    }))
            let first = page * pageSize
            if total > first + items.count {
                print("\(first + 1)–\(first + items.count) of \(total); next: --page \(page + 1)")
            } else {
                print("\(total) in all")
            }
        }
    }
}
