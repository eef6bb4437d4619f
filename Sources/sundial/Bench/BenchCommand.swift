import ArgumentParser

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure parts of Sundial on this machine and print the figures.",
        subcommands: [StoreBench.self]
    )
}
