import Foundation

/// Runs the built `sundial` executable and captures what it printed.
enum Sundial {
    /// What one run printed and how it ended.
    struct Result: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String

        /// Standard error's lines, without the empty one after the last newline.
        var stderrLines: [String] {
            stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        }
        var stdoutLines: [String] {
            stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        }

        /// Standard output parsed as a JSON object.
        var json: [String: Any]? {
            (try? JSONSerialization.jsonObject(with: Data(stdout.utf8))) as? [String: Any]
        }
    }

    /// The package's root directory (where `Package.swift` and `examples/` are).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `sundial` executable: `$SUNDIAL_BINARY`, else the one built beside this test bundle, else
    /// `.build/debug/sundial` under the package root.
    static let executable: URL = {
        if let path = ProcessInfo.processInfo.environment["SUNDIAL_BINARY"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let beside = testBinary.deletingLastPathComponent().appendingPathComponent("sundial")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return packageRoot.appendingPathComponent(".build/debug/sundial")
    }()

    /// An example file's path.
    static func example(_ name: String) -> String {
        packageRoot.appendingPathComponent("examples").appendingPathComponent(name).path
    }

    /// Runs `sundial arguments…` to completion.
    /// - Parameters:
    ///   - directory: the working directory (by default a fresh empty one, so no `./.sundial` is picked up).
    ///   - environment: added to this process's environment (`SUNDIAL_HOME` is an empty scratch directory unless
    ///     given here).
    ///   - stdin: the text the command reads on standard input (none by default).
    static func run(
        _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:], stdin: String? = nil
    ) throws -> Result {
        let scratch = try TemporaryDirectory()
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? scratch.url
        // SUNDIAL_HOME points into the scratch directory unless a test sets it, so a developer's own
        // $SUNDIAL_HOME/actions never changes what the tests see.
        var base = ProcessInfo.processInfo.environment
        base["SUNDIAL_HOME"] = scratch.path("home")
        process.environment = base.merging(environment) { _, given in given }
        let out = scratch.url.appendingPathComponent(".stdout")
        let err = scratch.url.appendingPathComponent(".stderr")
        try Data().write(to: out)
        try Data().write(to: err)
        let outHandle = try FileHandle(forWritingTo: out)
        let errHandle = try FileHandle(forWritingTo: err)
        defer {
            try? outHandle.close()
            try? errHandle.close()
        }
        process.standardOutput = outHandle
        process.standardError = errHandle
        if let stdin {
            let input = scratch.url.appendingPathComponent(".stdin")
            try Data(stdin.utf8).write(to: input)
            process.standardInput = try FileHandle(forReadingFrom: input)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        try process.run()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: try Data(contentsOf: out), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self))
    }
}

/// A directory removed when the value is released.
final class TemporaryDirectory: Sendable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("sundial-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    /// A path inside the directory.
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Writes `text` to `name` and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let target = url.appendingPathComponent(name)
        try Data(text.utf8).write(to: target)
        return target.path
    }
}
