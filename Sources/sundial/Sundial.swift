import ArgumentParser
import Workflow

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@main
struct Sundial: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sundial",
        abstract: "A workflow automation agent: schedules, monitors and webhooks that run workflows on this host.",
        version: "0.1.0",
        subcommands: [
            RRuleCommand.self, CronCommand.self, ValidateCommand.self, RunCommand.self, BenchCommand.self,
            StoreCrashWriterCommand.self, AgentCommand.self, KeysCommand.self, SecretsCommand.self,
            WorkflowsCommand.self, InstancesCommand.self,
        ]
    )

    /// Runs the command; bad input of any kind (a usage error or a rejected value) is one line on standard error
    /// and exit status 2, so scripts can tell it apart from a failure of the work itself.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as InputError {
            printError("error: \(error)")
            Glibc.exit(2)
        } catch let error as DecodingError {
            printError("error: \(DecodingProblem.describe(error))")
            Glibc.exit(2)
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                printError("error: \(message(for: error)) (see 'sundial help')")
                Glibc.exit(2)
            }
            exit(withError: error)
        }
    }
}
