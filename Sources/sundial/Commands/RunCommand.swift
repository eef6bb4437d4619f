import Actions
import ArgumentParser
import Foundation
import Workflow

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a workflow file once, here and now, and show each step.",
        discussion: """
            Runs FILE (JSON or YAML, as for 'sundial validate') once in this process: no agent, no database. \
            Each step is shown as it starts and ends, with its duration:

              ▶ Check
              ✔ Check 12 ms
              ✘ Clean 3 ms: shell.exit: 'find' exited with status 1

            then the final status, the error if any, and the workflow's outputs as JSON. With --json only the \
            execution is printed, as the API shows an instance: {"data": {"attributes": {"status": …, "steps": \
            […], "outputs": {…}, "statistics": {…}, …}}}, where status is Successful, Failed, Cancelled or TimedOut.

            The payload (--payload, a JSON object) is checked against the workflow's inputSchema and given its \
            defaults; templates read it as Trigger.payload. The run starts at the startStepNames of the trigger \
            named by --trigger (api, workflow, schedule, monitor, githubWebhook, …); without it, those of the \
            apiTrigger, else of the workflowTrigger, else every step with no incoming edge.

            Outbound HTTP refuses loopback, private and other special-purpose addresses unless --allow-outbound \
            names them (a CIDR network, an address or a host name; repeatable), e.g. --allow-outbound 127.0.0.1.

            Ctrl-C cancels the run: running steps are stopped (child processes get SIGTERM) and the status is \
            Cancelled; a second Ctrl-C exits at once.

            Exit status: 0 when the execution is Successful, 1 when it is Failed, Cancelled or TimedOut, and 2 for \
            bad input: an invalid workflow (its problems are listed on standard error, as 'validate' prints them), \
            a payload that does not match the inputSchema, a missing file or --actions-dir, or a bad option.
            """
    )

    @Option(help: "The directory of plugin actions (default: $SUNDIAL_HOME/actions when it exists).")
    var actionsDir: String?

    @Option(help: "The input payload, a JSON object, e.g. '{\"directory\": \"/var/tmp/app\"}'.")
    var payload: String?

    @Option(help: "The trigger kind to run as (api, workflow, schedule, monitor, githubWebhook, …).")
    var trigger: String?

    @Option(
        name: .customLong("allow-outbound"),
        help: "A network, address or host outbound HTTP may reach although it is private or loopback (repeatable).")
    var allowOutbound: [String] = []

    @Flag(help: "Print only the execution as JSON (the API's instance shape).")
    var json = false

    @Argument(help: "The workflow file (.json, .yaml or .yml).")
    var file: String

    func run() async throws {
        let policy: OutboundPolicy
        do {
            policy = try OutboundPolicy(allowing: allowOutbound)
        } catch {
            throw InputError("--allow-outbound: \(error.description)")
        }
        let setup = try ActionsSetup(
            explicitDirectory: actionsDir, configuration: ActionsConfiguration(outboundPolicy: policy))
        let workflowFile: WorkflowFile
        switch try WorkflowFile.check(file, validator: setup.validator) {
        case .valid(let checked):
            workflowFile = checked
        case .invalid(let issues):
            for issue in issues { printError(WorkflowFile.line(issue, path: file)) }
            printError(
                "error: \(file) is not a valid workflow (\(issues.count) problem\(issues.count == 1 ? "" : "s"))")
            throw ExitCode(2)
        }
        let workflow = workflowFile.document.workflow
        let kind = try TriggerChoice.kind(trigger, in: workflow.spec)
        let input = try resolvedPayload(for: workflow.spec)
        let request = ExecutionRequest(
            id: try SecureRandom.system.uuid(), workflowID: workflowFile.document.id ?? "local",
            workflow: workflow, trigger: kind, input: input, createdAt: Date())
        let engine = WorkflowEngine(actions: Array(setup.registry.actions.values))
        let observer: any ExecutionObserver =
            json ? IgnoringObserver() as any ExecutionObserver : StepPrinter(spec: workflow.spec)
        let execution = await InterruptWatch.runCancellingOnInterrupt {
            await engine.run(request, observer: observer)
        }
        if json {
            print(try ExecutionReport.json(execution))
        } else {
            print(ExecutionReport.summary(execution))
        }
        if execution.status != .successful { throw ExitCode.failure }
    }

    /// `--payload` parsed and checked against the input schema.
    /// - Throws: `InputError` for text that is not a JSON object; exit status 2 after listing every mismatch with
    ///   the schema.
    private func resolvedPayload(for spec: WorkflowSpec) throws -> JSONValue {
        var value: JSONValue = [:]
        if let payload {
            do {
                value = try JSONValue(jsonText: Array(payload.utf8), duplicateMembers: .reject)
            } catch {
                throw InputError(
                    "--payload is not valid JSON: \(error.message); give an object such as '{\"host\": \"web-1\"}'")
            }
            guard value.objectValue != nil else {
                throw InputError("--payload must be a JSON object of named inputs, found \(value.typeName)")
            }
        }
        do {
            return try spec.resolveInput(value)
        } catch {
            for issue in error.issues {
                printError("error: --payload\(issue.pointer): \(WorkflowFile.oneLine(issue.message))")
            }
            throw ExitCode(2)
        }
    }
}
