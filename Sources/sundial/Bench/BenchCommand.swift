import ArgumentParser

/// `sundial bench …`: benchmark programs that print figures. Build with `swift build -c release` first; a debug
/// build's figures mean nothing.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure Sundial's building blocks (build with -c release first).",
        subcommands: [SchedulerBench.self]
    )
}
