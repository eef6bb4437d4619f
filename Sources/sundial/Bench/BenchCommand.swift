import ArgumentParser

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure Sundial's parts against a peer in the same run, and print the figures.",
        discussion: """
            Benchmarks mean something only in a release build: swift build -c release, then \
            .build/release/sundial bench …. Each prints a table with medians, and ratios against the peer \
            measured in the same run on the same machine.
            """,
        subcommands: [RRuleBench.self]
    )
}
