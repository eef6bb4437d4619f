import Foundation
import Workflow

/// Everything the agent persists, behind one protocol so a PostgreSQL backend can follow the SQLite one.
///
/// Every method that changes something returns only after the change is durable (committed with the store's
/// `synchronous` setting). Dates are kept to the millisecond.
public protocol Store: Sendable {
    // MARK: Workflows

    /// Creates a workflow at version 1 and records `workflow.create` in the audit log.
    /// - Throws: `StoreError` `store.conflict` when `id` exists.
    func createWorkflow(id: String, definition: WorkflowDefinition, actor: String, at: Date) async throws
        -> StoredWorkflow
    /// Replaces a workflow's definition, keeping the previous one in its version history.
    /// - Throws: `StoreError` `store.notFound` for an unknown or deleted workflow.
    func updateWorkflow(id: String, definition: WorkflowDefinition, actor: String, at: Date) async throws
        -> StoredWorkflow
    /// Marks a workflow deleted and disarms its triggers; its history and executions stay.
    func deleteWorkflow(id: String, actor: String, at: Date) async throws
    func workflow(id: String) async throws -> StoredWorkflow?
    /// Workflows by name, without deleted ones unless asked.
    func workflows(includeDeleted: Bool) async throws -> [StoredWorkflow]
    /// Every version of a workflow, oldest first.
    func workflowVersions(id: String) async throws -> [WorkflowVersion]

    // MARK: Triggers

    /// Inserts or replaces one trigger's state.
    func saveTriggerState(_ state: TriggerState) async throws
    /// Armed triggers, soonest `nextFireAt` first (those without one last).
    func armedTriggers() async throws -> [TriggerState]
    func triggerStates(workflowID: String) async throws -> [TriggerState]
    /// Records a fire and, in the same transaction, the trigger's new state when given.
    func recordFire(_ fire: TriggerFire, state: TriggerState?) async throws
    /// Fires of one trigger at or after `since`, oldest first (the rate limiter's window on restart).
    func recentFires(workflowID: String, triggerID: String, since: Date) async throws -> [TriggerFire]
    /// The trigger of `kind` of every live, published workflow that has one, soonest created first; read without
    /// decoding whole definitions, so arming many triggers on start is quick.
    func publishedTriggers(kind: TriggerKind) async throws -> [WorkflowTrigger]
    /// Inserts or replaces many triggers' states in one write (arming every trigger on start).
    func saveTriggerStates(_ states: [TriggerState]) async throws
    /// Records fires of one trigger, the `Pending` executions its started fires create (each audited as
    /// `execution.run` by `actor`) and, when given, the trigger's new state, all in one transaction: a crash leaves
    /// either all of it or none.
    /// - Parameters:
    ///   - idempotencyKey: for one started execution: when the key was already used for the workflow, nothing is
    ///     written.
    ///   - requestFingerprint: kept with `idempotencyKey`, as for `createExecution`.
    /// - Returns: the id of the execution that used `idempotencyKey` first, or `nil` when everything was written.
    /// - Throws: `StoreError` `store.idempotencyMismatch` when the key was first used with a different request.
    @discardableResult
    func recordFires(
        _ fires: [TriggerFire], executions: [Execution], state: TriggerState?, idempotencyKey: String?,
        requestFingerprint: String?, actor: String
    ) async throws -> String?
    /// A page of the fires of every trigger of a workflow, newest first, with the total.
    func fires(workflowID: String, offset: Int, limit: Int) async throws -> FirePage

    // MARK: Executions

    /// Stores a new execution; with an idempotency key already used for the same workflow, returns that execution.
    /// Records `execution.run` in the audit log for a created one.
    /// - Parameter requestFingerprint: a digest of the request that carried `idempotencyKey`, kept with it; a later
    ///   request with the same key must carry the same digest (either being `nil` skips the comparison).
    /// - Throws: `StoreError` `store.idempotencyMismatch` when the key was first used with a different request.
    func createExecution(
        _ execution: Execution, idempotencyKey: String?, requestFingerprint: String?, actor: String
    ) async throws -> ExecutionCreation
    /// Merges `properties` into a non-terminal execution's run properties (a given key replaces the stored one) and
    /// records `execution.properties` in the audit log; returns the execution as stored after the change.
    /// - Throws: `StoreError` `store.notFound` for an unknown execution, `store.conflict` for one that has ended.
    func mergeProperties(executionID: String, properties: [String: JSONValue], actor: String, at: Date) async throws
        -> Execution
    /// Persists one engine event; `executionFinished` with a callback URL also queues the callback, atomically.
    func record(_ event: ExecutionEvent) async throws
    /// Persists several events in one write (they are applied in order).
    func record(_ events: [ExecutionEvent]) async throws
    func execution(id: String) async throws -> Execution?
    /// A page of executions, newest first, with the total that match.
    func executions(_ query: ExecutionQuery) async throws -> ExecutionPage

    // MARK: Callbacks

    /// Callbacks due at `now` whose receiver (`CallbackReceiver.key(of:)`) is not in `excludingReceivers`, oldest
    /// due first (then by receiver and id). The excluded receivers' rows are skipped in the query, so they never crowd out the others'.
    func dueCallbacks(now: Date, limit: Int, excludingReceivers: Set<String>) async throws -> [CallbackEntry]
    /// Moves the due time of `receiver`'s undelivered callbacks due before `until` to `until` (its back-off), and
    /// notes `note` as the last error of those never attempted; returns how many moved.
    func deferCallbacks(receiver: String, until: Date, note: String) async throws -> Int
    func callbacks(executionID: String) async throws -> [CallbackEntry]
    /// Records one delivery attempt and what follows it, in one transaction.
    func recordDelivery(callbackID: Int64, attempt: DeliveryAttempt, outcome: DeliveryOutcome) async throws
    func deliveryAttempts(callbackID: Int64) async throws -> [DeliveryAttempt]
    /// The earliest time after `after` at which an undelivered, unabandoned callback is due, or nil when none is.
    func nextCallbackDue(after: Date) async throws -> Date?
    /// How many callbacks are neither delivered nor abandoned: due now, or waiting for a retry.
    func pendingCallbackCount() async throws -> Int
    /// Makes the execution's undelivered and abandoned callbacks due at `at` (abandoned ones are taken up again);
    /// delivered ones stay delivered. Returns how many were changed.
    func redeliverCallbacks(executionID: String, at: Date) async throws -> Int

    // MARK: Webhooks

    /// Remembers a webhook delivery id; `false` when it was already seen (a duplicate to ignore).
    func recordWebhookDelivery(source: String, deliveryID: String, at: Date) async throws -> Bool

    // MARK: API keys and connections

    /// Stores a key; only the SHA-256 of `token` is kept.
    func createAPIKey(id: String, name: String, token: String, scopes: Set<String>, at: Date) async throws -> APIKey
    /// The key whose token this is, unless revoked; marks it used at `at`.
    func authenticate(token: String, at: Date) async throws -> APIKey?
    func revokeAPIKey(id: String, actor: String, at: Date) async throws
    func apiKeys() async throws -> [APIKey]
    /// Creates or replaces a connection's credentials.
    func saveConnection(id: String, name: String, kind: String, secret: Secret, actor: String, at: Date) async throws
    func connections() async throws -> [ConnectionInfo]
    /// The credentials of a connection, for an action to use; never for a response.
    func connectionSecret(id: String) async throws -> Secret?

    // MARK: Secrets

    /// Creates or replaces a stored secret, sealed under the secrets key, and records `secret.set` in the audit log
    /// (the name only).
    /// - Throws: `StoreError` `store.secretsKey` when the store has no secrets key (a value is never kept in clear).
    func setSecret(name: String, value: Secret, actor: String, at: Date) async throws -> SecretWrite
    /// Every stored secret's name and times, by name; never a value.
    func secretInfos() async throws -> [SecretInfo]
    func secretInfo(name: String) async throws -> SecretInfo?
    /// Removes a stored secret and records `secret.delete` in the audit log.
    /// - Throws: `StoreError` `store.notFound` when no secret has that name.
    func deleteSecret(name: String, actor: String, at: Date) async throws
    /// The values of the named secrets that exist, for a run to render; never for a response. Names without a
    /// stored secret are absent from the result.
    /// - Throws: `StoreError` `store.secretsKey` when a value does not open with the store's key.
    func secretValues(names: Set<String>) async throws -> [String: Secret]

    // MARK: Audit and retention

    func appendAudit(_ entry: AuditEntry) async throws
    /// The newest entries first, optionally only those about one subject.
    func auditLog(subjectKind: String?, subjectID: String?, limit: Int) async throws -> [AuditEntry]
    /// Removes at most `policy.batchSize` executions past the policy's limits; returns how many.
    func prune(_ policy: RetentionPolicy, now: Date) async throws -> Int

    // MARK: Health

    /// Why writes fail at the moment (the disk is full, the file went read-only), or `nil` when the last commit
    /// succeeded.
    var writeFailure: StoreWriteFailure? { get }
}

extension Store {
    /// Callbacks due at `now`, oldest due first, whatever their receiver.
    public func dueCallbacks(now: Date, limit: Int) async throws -> [CallbackEntry] {
        try await dueCallbacks(now: now, limit: limit, excludingReceivers: [])
    }

    /// Stores a new execution without a request fingerprint, so a repeated idempotency key is never compared.
    public func createExecution(_ execution: Execution, idempotencyKey: String?, actor: String) async throws
        -> ExecutionCreation
    {
        try await createExecution(execution, idempotencyKey: idempotencyKey, requestFingerprint: nil, actor: actor)
    }

    /// Records fires and the executions they start without a request fingerprint.
    @discardableResult
    public func recordFires(
        _ fires: [TriggerFire], executions: [Execution], state: TriggerState?, idempotencyKey: String?, actor: String
    ) async throws -> String? {
        try await recordFires(
            fires, executions: executions, state: state, idempotencyKey: idempotencyKey, requestFingerprint: nil,
            actor: actor)
    }
}
