extension StepRunner {
    /// What the completion gate says about a successful call.
    enum GateVerdict {
        case met
        case unmet(CompletionGate)
        case failure(StepError)
    }

    /// Calls the action once with rendered parameters, racing it against the step timeout.
    func attemptOnce(number: Int, timeout: Duration?, sink: LogSink) async -> AttemptResult {
        if Task.isCancelled { return .stopped }
        guard let action else {
            return .failure(
                StepError(
                    code: "action.unknown",
                    message:
                        "no action \"\(step.actionId)\" is installed; install a plugin named \"\(step.actionId)\" in the actions directory"
                ))
        }
        let parameters: [String: JSONValue]
        do {
            parameters = try renderedParameters(defaults: action.descriptor)
        } catch {
            return .failure(StepError(code: error.code, message: error.description))
        }
        let context = ActionContext(
            workflowID: workflowID, executionID: executionID, stepName: step.name,
            attempt: number, log: { level, message in sink.log(level, attempt: number, message) })
        let invocation = ActionInvocation(parameters: parameters, context: context)
        let clock = self.clock
        return await withTaskGroup(of: AttemptResult.self) { group in
            group.addTask {
                do {
                    return .success(try await action.run(invocation))
                } catch let failure as ActionFailure {
                    return .failure(StepError(code: failure.code, message: failure.message, output: failure.output))
                } catch {
                    if Task.isCancelled { return .stopped }
                    return .failure(StepError(code: "action.error", message: DecodingProblem.describe(error)))
                }
            }
            if let timeout {
                group.addTask {
                    do {
                        try await clock.sleep(for: timeout)
                        return .timedOut
                    } catch {
                        return .stopped
                    }
                }
            }
            let first = await group.next() ?? .stopped
            group.cancelAll()
            return checked(first)
        }
    }

    /// `result` with an output past the output limits turned away: a successful call fails with the limit's code,
    /// a failed one keeps its code and loses only the output. This is the one place action outputs (HTTP bodies,
    /// plugin answers, shell output, transform results) enter the engine, so nothing past the limits is stored.
    func checked(_ result: AttemptResult) -> AttemptResult {
        let what = "the output of action \(step.actionId)"
        switch result {
        case .success(let success):
            guard let problem = outputLimits.problem(with: success.output, what: what) else { return result }
            return .failure(problem)
        case .failure(var failure):
            guard let output = failure.output, let problem = outputLimits.problem(with: output, what: what) else {
                return result
            }
            failure.output = nil
            failure.message += " (its output was dropped: \(problem.message))"
            return .failure(failure)
        case .timedOut, .stopped:
            return result
        }
    }

    /// The step's parameters with templates rendered, and the action's defaults for those not given.
    private func renderedParameters(
        defaults descriptor: ActionDescriptor, in context: TemplateContext? = nil
    ) throws(TemplateError) -> [String: JSONValue] {
        var values: [String: JSONValue] = [:]
        for parameter in descriptor.parameters {
            if let value = parameter.defaultValue { values[parameter.name] = value }
        }
        for (name, value) in step.parameterValues {
            values[name] = try Template.render(value, in: context ?? self.context)
        }
        return values
    }

    /// The parameters to store with an attempt: rendered like the action's, each secret replaced by `[secret]`,
    /// so the record shows what was sent without what must stay write-only; `nil` when they do not render.
    func recordedParameters() -> JSONValue? {
        guard let action else { return nil }
        var masked = context
        masked.secrets = masked.secrets.mapValues { _ in "[secret]" }
        return try? .object(renderedParameters(defaults: action.descriptor, in: masked))
    }

    /// Checks the completion gate (if any) against a successful call's result.
    func gateVerdict(for result: ActionResult) -> GateVerdict {
        guard let gate = step.completionGate else { return .met }
        var context = self.context
        context.steps[step.name] = ["output": result.output, "branch": .string(result.branch), "status": "Successful"]
        do {
            return try gate.completionCondition.isSatisfied(in: context) ? .met : .unmet(gate)
        } catch {
            return .failure(StepError(code: error.code, message: error.description))
        }
    }
}
