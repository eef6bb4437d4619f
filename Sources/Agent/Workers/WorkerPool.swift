import Foundation
import Logging
import Scheduler
import ServiceLifecycle
import Store
import Synchronization
import Workflow

/// The workers: each takes the next execution from the dispatcher and runs it with the engine, the store
/// observing (every event persisted before the next step starts). An execution recovery marked in `recovered`
/// resumes from its stored state; any other must still be `Pending`.
///
/// On graceful shutdown the dispatcher stops handing out work, running executions are let finish, and the pool
/// logs once a second which it waits for. When the service group's grace period ends the pool is cancelled: the
/// executions still running are stopped and left `Running` with their steps marked interrupted by the shutdown, to
/// resume at the next start exactly as after a crash (or `Failed`, saying so, when their workflow says
/// `onAgentRestart: fail`); events the store could not write are given up.
public struct WorkerPool: Service {
    public var runtime: AgentRuntime
    public var workers: Int
    /// The `Running` executions recovery queued to resume.
    public var recovered: RecoveredExecutions
    /// The service group's grace period, for the shutdown's log lines and messages.
    public var shutdownGrace: Duration?
    /// Writes what running executions hold back (a step's start, a failed attempt) when no step end comes soon.
    let flusher = HeldEventFlusher()
    /// The executions running now, by id, with what they run.
    let active = ActiveExecutions()

    public init(
        runtime: AgentRuntime, workers: Int, recovered: RecoveredExecutions = RecoveredExecutions(),
        shutdownGrace: Duration? = nil
    ) {
        self.runtime = runtime
        self.workers = workers
        self.recovered = recovered
        self.shutdownGrace = shutdownGrace
    }

    public func run() async throws {
        let dispatcher = runtime.dispatcher
        let flusher = self.flusher
        let retry = runtime.storeRetry
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await withTaskGroup(of: Void.self) { group in
                    let flushing = Task { await flusher.run() }
                    let reporting = Task {
                        guard (try? await gracefulShutdown()) != nil else { return }
                        await reportShutdownProgress()
                    }
                    for _ in 0..<workers {
                        group.addTask {
                            while let job = await dispatcher.next() {
                                await runJob(job)
                                dispatcher.finished(job)
                            }
                        }
                    }
                    await group.waitForAll()
                    flushing.cancel()
                    reporting.cancel()
                }
            } onGracefulShutdown: {
                dispatcher.stop()
            }
        } onCancel: {
            // The grace period is over: writes that wait for the disk would hold the shutdown for ever.
            retry.abandon()
        }
    }

    /// Logs, once a second until the pool is cancelled or nothing runs, the executions the shutdown waits for.
    func reportShutdownProgress() async {
        let clock = runtime.clock
        let start = clock.nowMillis
        while !Task.isCancelled {
            let running = active.describe()
            guard !running.isEmpty else { return }
            let elapsed = Int((clock.nowMillis - start) / 1000)
            var left = ""
            if let grace = shutdownGrace {
                let total = Int(grace.components.seconds)
                left = ", \(max(0, total - elapsed)) s of \(total) s left"
            }
            runtime.logger.notice(
                """
                waiting for \(running.count) execution\(running.count == 1 ? "" : "s") to finish: \
                \(ActiveExecutions.list(running))\(left)
                """,
                metadata: ["executions.running": "\(running.count)"])
            do {
                try await clock.sleep(untilMillis: clock.nowMillis + 1000)
            } catch {
                return
            }
        }
    }

    /// Runs one execution to its end: a `Pending` one from its first step, a recovered `Running` one from its stored
    /// state (failed instead if its workflow's steps changed since). Any other (cancelled meanwhile) is skipped.
    func runJob(_ job: ExecutionDispatcher.Job) async {
        var logger = runtime.logger
        logger[metadataKey: "execution.id"] = "\(job.executionID)"
        logger[metadataKey: "workflow.id"] = "\(job.workflowID)"
        do {
            // The execution as this process stored it, else as the store has it (recovered or past the limit).
            var stored = runtime.dispatcher.takeSnapshot(job.executionID)
            if stored == nil { stored = try await runtime.store.execution(id: job.executionID) }
            guard let execution = stored else { return }
            let marked = recovered.take(execution.id)
            let resuming: Bool
            switch execution.status {
            case .pending: resuming = false
            case .running where marked: resuming = true
            default: return
            }
            guard let workflow = try await runtime.store.workflow(id: job.workflowID) else {
                try await fail(execution, code: "workflow.missing", message: "its workflow no longer exists")
                return
            }
            if resuming, let refusal = Recovery.changedSteps(execution, definition: workflow.definition) {
                try await fail(execution, code: refusal.code, message: refusal.message)
                return
            }
            let secrets: [String: String]
            do {
                secrets = try await RunSecrets.values(for: workflow.definition, store: runtime.store, logger: logger)
            } catch {
                logger.error(
                    "execution failed: its secrets cannot be read", metadata: ["error": "\(String(describing: error))"])
                try await fail(execution, code: "secret.unavailable", message: "its secrets cannot be read: \(error)")
                return
            }
            var request = ExecutionRequest(
                id: execution.id, workflowID: execution.workflowID, workflow: workflow.definition,
                trigger: execution.trigger, input: execution.input, triggerData: execution.triggerData,
                properties: execution.properties, secrets: secrets,
                priority: execution.priority, callback: execution.callback, logLevel: execution.logLevel,
                createdAt: execution.createdAt)
            if resuming {
                request.resuming = execution
                logger.notice("execution resumes after an agent restart")
            }
            let (changes, store, id) = (runtime.propertyChanges, runtime.store, execution.id)
            request.propertiesSource = {
                guard changes.take(id) else { return nil }
                return try? await store.execution(id: id)?.properties
            }
            defer { changes.forget(id) }
            let storing = CoalescingStoreObserver(store: runtime.store, flusher: flusher, retry: runtime.storeRetry) {
                [logger] events, error in
                logger.error(
                    """
                    could not persist execution events; they are lost, and the next start recovers the execution \
                    from what was written
                    """,
                    metadata: ["events": "\(events.count)", "error": "\(String(describing: error))"])
            }
            active.add(execution.id, storing)
            defer { active.remove(execution.id) }
            // Every run's events pass the redactor (its secret values, and literal credentials in attempt inputs)
            // before the store takes them and then the followers of the run's event stream see them.
            let observer = SecretRedactingObserver(
                redactor: SecretRedactor(values: secrets.values),
                inner: PublishingObserver(inner: storing, hub: runtime.events))
            let engine = runtime.engine
            runtime.metrics.executionStarted()
            logger.debug("execution started")
            let finished = Mutex<ExecutionStatus?>(nil)
            let task = Task {
                let result = await engine.run(request, observer: observer)
                finished.withLock { $0 = result.status }
            }
            runtime.dispatcher.started(job.executionID, task: task)
            let interruption = ShutdownInterruption(grace: shutdownGrace)
            let resumes = ShutdownInterruption.resumes(workflow.definition)
            let now = runtime.now
            await withTaskCancellationHandler {
                await task.value
            } onCancel: {
                // The pool is cancelled only when the shutdown's grace period ends; a cancel of the run itself
                // (the API, CANCEL_PREVIOUS) cancels `task` alone, and stays a cancel.
                if !task.isCancelled { storing.interruptForShutdown(interruption, resumes: resumes, now: now) }
                task.cancel()
            }
            if storing.leftToResume {
                logger.notice(
                    "execution left running: the agent's shutdown interrupted it, and it resumes at the next start")
                return
            }
            if var status = finished.withLock({ $0 }) {
                if storing.failedByShutdown {
                    status = .failed
                    logger.warning(
                        """
                        execution failed: the agent's shutdown interrupted it and its workflow's \
                        onAgentRestart is fail
                        """)
                }
                if request.callback != nil { runtime.callbackWakeup.wake() }
                runtime.metrics.executionFinished(status)
                logger.info("execution finished", metadata: ["execution.status": "\(status.rawValue)"])
            }
        } catch {
            logger.error("could not run an execution", metadata: ["error": "\(String(describing: error))"])
        }
    }

    /// Records `execution` as failed without running (on).
    func fail(_ execution: Execution, code: String, message: String) async throws {
        let failed = Recovery.failed(execution, StepError(code: code, message: message), at: runtime.now())
        try await runtime.store.record(.executionFinished(failed))
        runtime.executionEnded(failed)
        runtime.metrics.executionFinished(.failed)
    }
}
