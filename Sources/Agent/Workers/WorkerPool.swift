import Foundation
import Logging
import ServiceLifecycle
import Store
import Synchronization
import Workflow

/// The workers: each takes the next execution from the dispatcher and runs it with the engine, the store
/// observing (every event persisted before the next step starts). An execution recovery marked in `recovered`
/// resumes from its stored state; any other must still be `Pending`.
///
/// On graceful shutdown the dispatcher stops handing out work and running executions are let finish; when the
/// service group's grace period ends the pool is cancelled, which cancels the executions still running.
public struct WorkerPool: Service {
    public var runtime: AgentRuntime
    public var workers: Int
    /// The `Running` executions recovery queued to resume.
    public var recovered: RecoveredExecutions
    /// Writes what running executions hold back (a step's start, a failed attempt) when no step end comes soon.
    let flusher = HeldEventFlusher()

    public init(runtime: AgentRuntime, workers: Int, recovered: RecoveredExecutions = RecoveredExecutions()) {
        self.runtime = runtime
        self.workers = workers
        self.recovered = recovered
    }

    public func run() async throws {
        let dispatcher = runtime.dispatcher
        let flusher = self.flusher
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                let flushing = Task { await flusher.run() }
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
            }
        } onGracefulShutdown: {
            dispatcher.stop()
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
            let persisting = CoalescingStoreObserver(store: runtime.store, flusher: flusher) { [logger] _, error in
                logger.error(
                    "could not persist execution events", metadata: ["error": "\(String(describing: error))"])
            }
            // Every run's events pass the redactor: its secret values, and literal credentials in attempt inputs.
            let observer = SecretRedactingObserver(
                redactor: SecretRedactor(values: secrets.values), inner: persisting)
            let engine = runtime.engine
            runtime.metrics.executionStarted()
            logger.debug("execution started")
            let finished = Mutex<ExecutionStatus?>(nil)
            let task = Task {
                let result = await engine.run(request, observer: observer)
                finished.withLock { $0 = result.status }
            }
            runtime.dispatcher.started(job.executionID, task: task)
            await withTaskCancellationHandler {
                await task.value
            } onCancel: {
                task.cancel()
            }
            if let status = finished.withLock({ $0 }) {
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
