import Actions
import Agent
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
            defaults to the agent's default home).

            Unknown members are problems too, each with the nearest known name: "publised", "spec.timout", a \
            trigger's "overlapBehaviour", a step parameter the action does not take. So are triggers that can \
            never start a run: a scheduleTrigger, monitorTrigger or githubWebhookTrigger of a workflow with an \
            input that has no defaultValue, a schedule that never matches a date ("0 0 30 2 *"), and a local \
            check whose target the outbound policy refuses (judged with --allow-outbound, as the agent judges \
            it with its allowOutbound).

            A valid file prints "FILE: valid (N steps, M triggers)" and exits 0. Otherwise each problem is one line \
            on standard output, "FILE:/spec/steps/2/actionId: message" (a JSON pointer into the workflow), and \
            the exit status is 1. Warnings (automatic triggers of an unpublished workflow, an ALL readiness gate \
            fed by a step that runs only as a fallback) are lines "FILE:/pointer: warning: message" that do not \
            change the exit status; a valid file with warnings prints "FILE: valid (N steps, M triggers; \
            K warnings)". A file that is missing, unreadable or not JSON/YAML at all, or an --actions-dir \
            that does not exist, is one line on standard error and exit status 2.
            """
    )

    @Option(help: "The directory of plugin actions (default: $SUNDIAL_HOME/actions when it exists).")
    var actionsDir: String?

    @Option(
        name: .customLong("allow-outbound"),
        help: "A network, address or host the agent's allowOutbound names, for judging local checks (repeatable).")
    var allowOutbound: [String] = []

    @Argument(help: "The workflow file (.json, .yaml or .yml).")
    var file: String

    func run() throws {
        let policy: OutboundPolicy
        do {
            policy = try OutboundPolicy(allowing: allowOutbound)
        } catch {
            throw InputError("--allow-outbound: \(error.description)")
        }
        let setup = try ActionsSetup(
            explicitDirectory: actionsDir, configuration: ActionsConfiguration(outboundPolicy: policy))
        let review = try WorkflowFile.review(file, validator: setup.validator)
        var lines = review.problems.map { WorkflowFile.line($0, path: file) }
        lines += review.warnings.map { WorkflowFile.line($0, path: file, warning: true) }
        guard review.problems.isEmpty, let document = review.document else {
            print(lines.joined(separator: "\n"))
            throw ExitCode.failure
        }
        let spec = document.workflow.spec
        var counts = "\(plural(spec.steps?.count ?? 0, "step")), \(plural(spec.triggers?.count ?? 0, "trigger"))"
        if !review.warnings.isEmpty { counts += "; \(plural(review.warnings.count, "warning"))" }
        lines.append("\(file): valid (\(counts))")
        print(lines.joined(separator: "\n"))
    }

    private func plural(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }
}
