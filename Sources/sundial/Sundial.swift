import ArgumentParser

@main
struct Sundial: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sundial",
        abstract: "A workflow automation agent: schedules, monitors and webhooks that run workflows on this host.",
        version: "0.1.0",
        subcommands: [BenchCommand.self]
    )
}
