import ArgumentParser

/// `sundial bench …`: benchmark programs that print figures. Build with `swift build -c release` first; a debug
/// build's figures mean nothing.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure Sundial's parts against a peer in the same run (build with -c release first).",
        discussion: """
            Each benchmark prints a table with medians, and ratios against a peer measured in the same run on \
            the same machine: swift build -c release, then .build/release/sundial bench ….
            """,
        subcommands: [RRuleBench.self, SchedulerBench.self, StoreBench.self, AgentBench.self]
    )
}
