import ArgumentParser
import Workflow

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a workflow file and list every problem in it.",
        discussion: """
            FILE is a workflow in JSON or YAML (by extension: .yaml and .yml are YAML), either Datadog's envelope \
            {"data": {"attributes": …}} or the bare attributes {"name": …, "spec": …}.

            The check covers the document's shape, the triggers (a scheduleTrigger's rruleExpression is parsed as \
            an RRULE or a cron expression), the input and output schemas, every step's action and required \
            parameters, and the step graph (missing steps, cycles, unreachable steps). Actions are the built-ins \
            plus the plugins of --actions-dir, or of $SUNDIAL_HOME/actions when that exists (SUNDIAL_HOME \
            defaults to ./.sundial).

            A valid file prints "FILE: valid (N steps, M triggers)" and exits 0. Otherwise each problem is one line \
            on standard output, "FILE:/spec/steps/2/actionId: message" (a JSON pointer into the workflow), and \
            the exit status is 1. A file that is missing, unreadable or not JSON/YAML at all, or an --actions-dir \
            that does not exist, is one line on standard error and exit status 2.
            """
    )

    @Option(help: "The directory of plugin actions (default: $SUNDIAL_HOME/actions when it exists).")
    var actionsDir: String?

    @Argument(help: "The workflow file (.json, .yaml or .yml).")
    var file: String

    func run() throws {
        let setup = try ActionsSetup(explicitDirectory: actionsDir)
        switch try WorkflowFile.check(file, validator: setup.validator) {
        case .valid(let checked):
            let spec = checked.document.workflow.spec
            let steps = spec.steps?.count ?? 0
            let triggers = spec.triggers?.count ?? 0
            print("\(file): valid (\(plural(steps, "step")), \(plural(triggers, "trigger")))")
        case .invalid(let issues):
            print(issues.map { WorkflowFile.line($0, path: file) }.joined(separator: "\n"))
            throw ExitCode.failure
        }
    }

    private func plural(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }
}
