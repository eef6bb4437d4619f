import Foundation
import Store
import Synchronization
import Workflow

/// An SQLite store whose execution-event writes fail with `store.full` while `full` is set, as they do on a full
/// disk, and succeed again once it is cleared; everything else goes to the store. It counts the event writes it
/// refused.
final class FullDiskStore: Store {
    let base: SQLiteStore
    private let state = Mutex((full: false, refused: 0))

    init(_ base: SQLiteStore) { self.base = base }

    /// Whether event writes fail now.
    var full: Bool {
        get { state.withLock { $0.full } }
        set { state.withLock { $0.full = newValue } }
    }

    /// Event writes refused so far.
    var refused: Int { state.withLock { $0.refused } }

    static let fullError = StoreError(
        code: "store.full", message: "the database 'test.db' is full (database or disk is full); free disk space")

    var writeFailure: StoreWriteFailure? {
        full ? StoreWriteFailure(error: Self.fullError, since: Date(timeIntervalSince1970: 0), failedCommits: 1) : nil
    }

    func record(_ event: ExecutionEvent) async throws { try await record([event]) }
    func record(_ events: [ExecutionEvent]) async throws {
        let refuse = state.withLock { state in
            if state.full { state.refused += 1 }
            return state.full
        }
        if refuse { throw Self.fullError }
        try await base.record(events)
    }

    // Everything else is the store's.
    func createWorkflow(id: String, definition: WorkflowDefinition, actor: String, at: Date) async throws
        -> StoredWorkflow
    { try await base.createWorkflow(id: id, definition: definition, actor: actor, at: at) }
    func updateWorkflow(id: String, definition: WorkflowDefinition, actor: String, at: Date) async throws
        -> StoredWorkflow
    { try await base.updateWorkflow(id: id, definition: definition, actor: actor, at: at) }
    func deleteWorkflow(id: String, actor: String, at: Date) async throws {
        try await base.deleteWorkflow(id: id, actor: actor, at: at)
    }
    func workflow(id: String) async throws -> StoredWorkflow? { try await base.workflow(id: id) }
    func workflows(includeDeleted: Bool) async throws -> [StoredWorkflow] {
        try await base.workflows(includeDeleted: includeDeleted)
    }
    func workflowVersions(id: String) async throws -> [WorkflowVersion] { try await base.workflowVersions(id: id) }
    func saveTriggerState(_ state: TriggerState) async throws { try await base.saveTriggerState(state) }
    func armedTriggers() async throws -> [TriggerState] { try await base.armedTriggers() }
    func triggerStates(workflowID: String) async throws -> [TriggerState] {
        try await base.triggerStates(workflowID: workflowID)
    }
    func recordFire(_ fire: TriggerFire, state: TriggerState?) async throws {
        try await base.recordFire(fire, state: state)
    }
    func recentFires(workflowID: String, triggerID: String, since: Date) async throws -> [TriggerFire] {
        try await base.recentFires(workflowID: workflowID, triggerID: triggerID, since: since)
    }
    func publishedTriggers(kind: TriggerKind) async throws -> [WorkflowTrigger] {
        try await base.publishedTriggers(kind: kind)
    }
    func saveTriggerStates(_ states: [TriggerState]) async throws { try await base.saveTriggerStates(states) }
    func recordFires(
        _ fires: [TriggerFire], executions: [Execution], state: TriggerState?, idempotencyKey: String?,
        requestFingerprint: String?, actor: String
    ) async throws -> String? {
        try await base.recordFires(
            fires, executions: executions, state: state, idempotencyKey: idempotencyKey,
            requestFingerprint: requestFingerprint, actor: actor)
    }
    func fires(workflowID: String, offset: Int, limit: Int) async throws -> FirePage {
        try await base.fires(workflowID: workflowID, offset: offset, limit: limit)
    }
    func createExecution(
        _ execution: Execution, idempotencyKey: String?, requestFingerprint: String?, actor: String
    ) async throws -> ExecutionCreation {
        try await base.createExecution(
            execution, idempotencyKey: idempotencyKey, requestFingerprint: requestFingerprint, actor: actor)
    }
    func mergeProperties(executionID: String, properties: [String: JSONValue], actor: String, at: Date) async throws
        -> Execution
    { try await base.mergeProperties(executionID: executionID, properties: properties, actor: actor, at: at) }
    func execution(id: String) async throws -> Execution? { try await base.execution(id: id) }
    func executions(_ query: ExecutionQuery) async throws -> ExecutionPage { try await base.executions(query) }
    func dueCallbacks(now: Date, limit: Int, excludingReceivers: Set<String>) async throws -> [CallbackEntry] {
        try await base.dueCallbacks(now: now, limit: limit, excludingReceivers: excludingReceivers)
    }
    func deferCallbacks(receiver: String, until: Date, note: String) async throws -> Int {
        try await base.deferCallbacks(receiver: receiver, until: until, note: note)
    }
    func callbacks(executionID: String) async throws -> [CallbackEntry] {
        try await base.callbacks(executionID: executionID)
    }
    func recordDelivery(callbackID: Int64, attempt: DeliveryAttempt, outcome: DeliveryOutcome) async throws {
        try await base.recordDelivery(callbackID: callbackID, attempt: attempt, outcome: outcome)
    }
    func deliveryAttempts(callbackID: Int64) async throws -> [DeliveryAttempt] {
        try await base.deliveryAttempts(callbackID: callbackID)
    }
    func nextCallbackDue(after: Date) async throws -> Date? { try await base.nextCallbackDue(after: after) }
    func pendingCallbackCount() async throws -> Int { try await base.pendingCallbackCount() }
    func redeliverCallbacks(executionID: String, at: Date) async throws -> Int {
        try await base.redeliverCallbacks(executionID: executionID, at: at)
    }
    func recordWebhookDelivery(source: String, deliveryID: String, at: Date) async throws -> Bool {
        try await base.recordWebhookDelivery(source: source, deliveryID: deliveryID, at: at)
    }
    func createAPIKey(id: String, name: String, token: String, scopes: Set<String>, at: Date) async throws -> APIKey {
        try await base.createAPIKey(id: id, name: name, token: token, scopes: scopes, at: at)
    }
    func authenticate(token: String, at: Date) async throws -> APIKey? {
        try await base.authenticate(token: token, at: at)
    }
    func revokeAPIKey(id: String, actor: String, at: Date) async throws {
        try await base.revokeAPIKey(id: id, actor: actor, at: at)
    }
    func apiKeys() async throws -> [APIKey] { try await base.apiKeys() }
    func saveConnection(id: String, name: String, kind: String, secret: Secret, actor: String, at: Date) async throws {
        try await base.saveConnection(id: id, name: name, kind: kind, secret: secret, actor: actor, at: at)
    }
    func connections() async throws -> [ConnectionInfo] { try await base.connections() }
    func connectionSecret(id: String) async throws -> Secret? { try await base.connectionSecret(id: id) }
    func setSecret(name: String, value: Secret, actor: String, at: Date) async throws -> SecretWrite {
        try await base.setSecret(name: name, value: value, actor: actor, at: at)
    }
    func secretInfos() async throws -> [SecretInfo] { try await base.secretInfos() }
    func secretInfo(name: String) async throws -> SecretInfo? { try await base.secretInfo(name: name) }
    func deleteSecret(name: String, actor: String, at: Date) async throws {
        try await base.deleteSecret(name: name, actor: actor, at: at)
    }
    func secretValues(names: Set<String>) async throws -> [String: Secret] {
        try await base.secretValues(names: names)
    }
    func appendAudit(_ entry: AuditEntry) async throws { try await base.appendAudit(entry) }
    func auditLog(subjectKind: String?, subjectID: String?, limit: Int) async throws -> [AuditEntry] {
        try await base.auditLog(subjectKind: subjectKind, subjectID: subjectID, limit: limit)
    }
    func prune(_ policy: RetentionPolicy, now: Date) async throws -> Int { try await base.prune(policy, now: now) }
}
