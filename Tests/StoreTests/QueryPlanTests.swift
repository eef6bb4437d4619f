import Foundation
import GRDB
import Testing
import Workflow

@testable import Store

/// The queries the API and the agent run on every tick read through an index, never a full table scan.
@Suite("Query plans")
struct QueryPlanTests {
    static let executionQueries: [ExecutionQuery] = [
        ExecutionQuery(),
        ExecutionQuery(workflowID: "wf"),
        ExecutionQuery(statuses: [.running]),
        ExecutionQuery(statuses: [.failed, .timedOut]),
        ExecutionQuery(startedIn: Date(timeIntervalSince1970: 0)..<Date(timeIntervalSince1970: 60)),
        ExecutionQuery(
            statuses: [.successful], finishedIn: Date(timeIntervalSince1970: 0)..<Date(timeIntervalSince1970: 60)),
    ]

    @Test(arguments: executionQueries)
    func executionListingsUseAnIndex(query: ExecutionQuery) async throws {
        let (filter, arguments) = SQLiteStore.filter(query)
        let plan = try await self.plan(SQLiteStore.pageSQL(filter), arguments + [10, 0])
        #expect(Self.fullScans(plan).isEmpty, "\(plan)")
    }

    /// The agent's own queries: due callbacks, the next callback due, the callbacks pending (for `/metrics`), armed
    /// triggers, a trigger's recent fires, a workflow's fires.
    enum AgentQuery: CaseIterable, Sendable {
        case dueCallbacks, deferCallbacks, nextCallbackDue, pendingCallbacks, armedTriggers, recentFires, firesPage

        var sql: String {
            switch self {
            case .dueCallbacks: SQLiteStore.dueCallbacksSQL
            case .deferCallbacks: SQLiteStore.deferCallbacksSQL
            case .nextCallbackDue: SQLiteStore.nextCallbackDueSQL
            case .pendingCallbacks: SQLiteStore.pendingCallbacksSQL
            case .armedTriggers: SQLiteStore.armedTriggersSQL
            case .recentFires: SQLiteStore.recentFiresSQL
            case .firesPage: SQLiteStore.firesPageSQL
            }
        }

        var arguments: StatementArguments {
            switch self {
            case .dueCallbacks: [0, #"["http://hung.example:80"]"#, 10]
            case .deferCallbacks: [0, "deferred", 0, "http://hung.example:80"]
            case .nextCallbackDue: [0]
            case .pendingCallbacks: []
            case .armedTriggers: []
            case .recentFires: ["wf", "0", 0]
            case .firesPage: ["wf", 10, 0]
            }
        }
    }

    @Test(arguments: AgentQuery.allCases)
    func agentQueriesUseAnIndex(query: AgentQuery) async throws {
        let plan = try await self.plan(query.sql, query.arguments)
        #expect(Self.fullScans(plan).isEmpty, "\(plan)")
    }

    private func plan(_ sql: String, _ arguments: StatementArguments) async throws -> [String] {
        let store = try SQLiteStore(.inMemory)
        return try await store.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }
        }
    }

    /// Plan lines that read a whole table: `SCAN t` without an index. A scan of `json_each` reads the query's own
    /// argument (a JSON array), not a table.
    private static func fullScans(_ plan: [String]) -> [String] {
        plan.filter { $0.hasPrefix("SCAN") && !$0.contains("USING") && !$0.hasPrefix("SCAN json_each VIRTUAL TABLE") }
    }

    @Test func dueCallbacksReadThePendingIndex() async throws {
        let plan = try await self.plan(SQLiteStore.dueCallbacksSQL, AgentQuery.dueCallbacks.arguments)
        #expect(plan.contains { $0.contains("USING INDEX callback_outbox_pending") }, "\(plan)")
        // Rows due at the same time are read in the index's order: thousands due at once are never sorted per read.
        #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(plan)")
    }
}
